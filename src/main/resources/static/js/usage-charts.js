// Draws the usage page's charts with ECharts from the figures the page embeds (#usage-data); the tables below the
// charts show the same figures without JavaScript.
(function () {
  function draw() {
    var source = document.getElementById('usage-data');
    if (!source || !window.echarts) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var days = data.days.map(function (day) {
      return day.substring(5);
    });
    var base = {
      grid: {left: 40, right: 16, top: 30, bottom: 30},
      tooltip: {trigger: 'axis'},
      xAxis: {type: 'category', data: days},
      yAxis: {type: 'value', minInterval: 1}
    };
    function chart(name, option) {
      var element = document.querySelector('[data-chart="' + name + '"]');
      if (!element) {
        return;
      }
      var instance = echarts.init(element);
      instance.setOption(Object.assign({}, base, option));
      element.setAttribute('data-drawn', 'true');
      window.addEventListener('resize', function () {
        instance.resize();
      });
    }
    chart('orders', {
      series: [{name: data.labels.ordersPlaced, type: 'bar', data: data.ordersPlaced, itemStyle: {color: '#1f4e79'}}]
    });
    chart('apiCalls', {
      legend: {type: 'scroll', top: 0},
      grid: {left: 40, right: 16, top: 40, bottom: 30},
      series: data.apiCallsByEndpoint.map(function (endpoint) {
        return {name: endpoint.name, type: 'bar', stack: 'calls', data: endpoint.data};
      })
    });
    chart('webhooks', {
      legend: {top: 0},
      grid: {left: 40, right: 16, top: 40, bottom: 30},
      series: [
        {name: data.labels.eventsDelivered, type: 'bar', data: data.eventsDelivered, itemStyle: {color: '#067647'}},
        {name: data.labels.webhookFailures, type: 'line', data: data.webhookFailures, itemStyle: {color: '#b42318'}}
      ]
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
