// Draws the analytics page's charts with ECharts from the figures the page embeds (#analytics-data); the tables below
// show the same figures without JavaScript.
(function () {
  function draw() {
    var source = document.getElementById('analytics-data');
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    function chart(name, option) {
      var element = document.querySelector('[data-chart="' + name + '"]');
      if (!element) {
        return;
      }
      var instance = echarts.init(element);
      instance.setOption(option);
      element.setAttribute('data-drawn', 'true');
      window.addEventListener('resize', function () {
        instance.resize();
      });
    }
    var rules = data.rules.slice().reverse();
    chart('bundles', {
      grid: {left: 160, right: 16, top: 30, bottom: 30},
      tooltip: {trigger: 'axis'},
      legend: {top: 0},
      xAxis: {type: 'value'},
      yAxis: {type: 'category', data: rules.map(function (rule) { return rule.name; })},
      series: [
        {name: data.labels.lift, type: 'bar', data: rules.map(function (rule) { return rule.lift; }), itemStyle: {color: '#1f4e79'}},
        {name: data.labels.confidence, type: 'bar', data: rules.map(function (rule) { return rule.confidence; }), itemStyle: {color: '#067647'}}
      ]
    });
    var stages = Object.keys(data.stages);
    chart('hesitation', {
      grid: {left: 40, right: 16, top: 30, bottom: 40},
      tooltip: {trigger: 'axis'},
      xAxis: {type: 'category', data: stages},
      yAxis: {type: 'value', minInterval: 1},
      series: [{name: data.labels.orders, type: 'bar', itemStyle: {color: '#b42318'},
        data: stages.map(function (stage) { return data.stages[stage]; })}]
    });
    chart('skus', {
      grid: {left: 40, right: 16, top: 30, bottom: 40},
      tooltip: {trigger: 'axis'},
      xAxis: {type: 'category', data: data.skus.map(function (sku) { return sku.name; })},
      yAxis: {type: 'value', minInterval: 1},
      series: [{name: data.labels.orders, type: 'bar', itemStyle: {color: '#b54708'},
        data: data.skus.map(function (sku) { return sku.count; })}]
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
