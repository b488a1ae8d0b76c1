// Draws the twin page's impact chart with ECharts from the figures the page embeds (#twin-data): per promised
// delivery day, the orders due and how many are expected late with and without the scenario. The order list below
// shows the same figures per order without JavaScript.
(function () {
  function draw() {
    var source = document.getElementById('twin-data');
    var element = document.querySelector('[data-chart="impact"]');
    if (!source || !element || !window.echarts) {
      return;
    }
    var daily = JSON.parse(source.textContent);
    var labels = JSON.parse(document.getElementById('twin-labels').textContent);
    var instance = echarts.init(element);
    instance.setOption({
      grid: {left: 40, right: 16, top: 40, bottom: 30},
      tooltip: {trigger: 'axis'},
      legend: {top: 0},
      xAxis: {type: 'category', data: daily.map(function (d) { return d.day; })},
      yAxis: {type: 'value', minInterval: 1},
      series: [
        {name: labels.due, type: 'bar', data: daily.map(function (d) { return d.due; }), itemStyle: {color: '#1f4e79'}},
        {name: labels.late, type: 'bar', data: daily.map(function (d) { return d.expectedLate; }), itemStyle: {color: '#b42318'}},
        {name: labels.baseline, type: 'line', data: daily.map(function (d) { return d.expectedLateBaseline; }), itemStyle: {color: '#067647'}}
      ]
    });
    element.setAttribute('data-drawn', 'true');
    window.addEventListener('resize', function () {
      instance.resize();
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
