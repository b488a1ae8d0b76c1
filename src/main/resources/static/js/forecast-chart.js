// Draws a forecast series with ECharts from the figures the page embeds (#forecast-data): the history, the forecast
// and its 80 % interval as a band (the lower bound, invisible, with the band's width stacked on it).
(function () {
  function draw() {
    var source = document.getElementById('forecast-data');
    var element = document.getElementById('forecast-chart');
    if (!source || !element || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(element);
    chart.setOption({
      // Drawn at once: the figures are there to be read, and a screenshot or a test sees the whole chart.
      animation: false,
      grid: {left: 60, right: 16, top: 40, bottom: 30},
      tooltip: {trigger: 'axis'},
      legend: {top: 0, data: [data.labels.history, data.labels.forecast, data.labels.interval]},
      xAxis: {type: 'category', data: data.weeks},
      yAxis: {type: 'value', scale: true},
      series: [
        {name: data.labels.history, type: 'line', data: data.history, showSymbol: false, itemStyle: {color: '#1f4e79'}},
        {name: 'lower', type: 'line', data: data.lower, stack: 'interval', lineStyle: {opacity: 0}, showSymbol: false,
          tooltip: {show: false}},
        {name: data.labels.interval, type: 'line', data: data.band, stack: 'interval', lineStyle: {opacity: 0},
          showSymbol: false, areaStyle: {color: 'rgba(181, 71, 8, 0.2)'}, itemStyle: {color: 'rgba(181, 71, 8, 0.4)'}},
        {name: data.labels.forecast, type: 'line', data: data.forecast, showSymbol: false, itemStyle: {color: '#b54708'}}
      ]
    });
    element.setAttribute('data-drawn', 'true');
    element.setAttribute('data-forecast-weeks', String(data.forecast.filter(function (v) { return v !== null; }).length));
    window.addEventListener('resize', function () {
      chart.resize();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
