// Draws a running canary's guard series with ECharts from the figures the rule page embeds (#rule-guard-data): the
// guard's metric over the canary share and over the rest at each evaluation, and the limit the canary must stay under
// (the rest plus the guard's max; above it the guard rolls the canary back). Null where there were no orders, so the
// lines break there. SVG, so a test reads the legend.
(function () {
  function draw() {
    var source = document.getElementById('rule-guard-data');
    var element = document.getElementById('rule-guard-chart');
    if (!source || !element || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(element, null, {renderer: 'svg'});
    chart.setOption({
      // Drawn at once: the figures are there to be read, and a screenshot or a test sees the whole chart.
      animation: false,
      grid: {left: 60, right: 16, top: 40, bottom: 30},
      tooltip: {trigger: 'axis'},
      legend: {top: 0, data: [data.labels.canary, data.labels.rest, data.labels.limit]},
      xAxis: {type: 'category', data: data.at},
      yAxis: {type: 'value', name: data.metric, scale: true},
      series: [
        {name: data.labels.canary, type: 'line', data: data.canary, connectNulls: false, itemStyle: {color: '#b54708'}},
        {name: data.labels.rest, type: 'line', data: data.rest, connectNulls: false, itemStyle: {color: '#1f4e79'}},
        {name: data.labels.limit, type: 'line', data: data.limit, showSymbol: false,
          lineStyle: {type: 'dashed'}, itemStyle: {color: '#b42318'}}
      ]
    });
    element.setAttribute('data-drawn', 'true');
    element.setAttribute('data-points', String(data.at.length));
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
