// Draws the pulse dashboard's time series with ECharts from the points the page embeds (#pulse-data), and keeps the
// page live: order events on the console stream (/console/stream) and a 5-second timer (the pulse job's interval)
// fetch the points again (/pulse/chart) and tell the figures to refresh themselves (htmx, "pulse-refresh").
(function () {
  var ORDER_EVENTS = ['order.placed', 'order.paid', 'order.held', 'order.released', 'order.cancelled',
    'order.shipped', 'order.delivered', 'order.updated', 'pulse.alert-raised', 'pulse.alert-cleared'];
  var REFRESH_MILLIS = 5000;
  var charts = {};
  var data = null;

  function percent(value) {
    return value == null ? null : Math.round(value * 1000) / 10;
  }

  function line(name, values, color, transform) {
    return {name: name, type: 'line', showSymbol: false, connectNulls: false, itemStyle: {color: color},
      data: values.map(transform || function (v) { return v; })};
  }

  function thresholdLine(metric, transform) {
    var value = data.thresholds[metric];
    if (value == null) {
      return [];
    }
    var shown = transform ? transform(value) : value;
    return [{name: data.labels.threshold, type: 'line', showSymbol: false, lineStyle: {type: 'dashed'},
      itemStyle: {color: '#b42318'}, data: data.at.map(function () { return shown; })}];
  }

  function options() {
    var times = data.at.map(function (at) { return at.substring(11, 16); });
    function option(series, unit) {
      return {grid: {left: 48, right: 16, top: 30, bottom: 30}, tooltip: {trigger: 'axis'}, legend: {top: 0},
        xAxis: {type: 'category', data: times}, yAxis: {type: 'value', name: unit || ''}, series: series};
    }
    return {
      freshness: option([line(data.labels.intakeP95, data.intakeP95, '#1f4e79'),
        line(data.labels.downstreamP95, data.downstreamP95, '#067647')]
        .concat(thresholdLine('freshness.intake.p95Seconds')), 's'),
      consistency: option([line(data.labels.consistency, data.consistency, '#1f4e79', percent)]
        .concat(thresholdLine('consistency.share', percent)), '%'),
      interception: option([line(data.labels.interception, data.interception, '#b54708', percent)]
        .concat(thresholdLine('interception.share', percent)), '%'),
      coverage: option([line(data.labels.coverage, data.coverage, '#067647', percent)]
        .concat(thresholdLine('strategyCoverage.share', percent)), '%'),
      intervention: option([line(data.labels.intervention, data.intervention, '#6941c6')]),
      exceptions: option([{name: data.labels.exceptions, type: 'bar', itemStyle: {color: '#b42318'}, data: data.exceptions}]),
      promiseKept: option([line(data.labels.promiseKept, data.promiseKept, '#1f4e79', percent)]
        .concat(thresholdLine('promiseKept.share', percent)), '%')
    };
  }

  function draw() {
    if (!window.echarts || !data) {
      return;
    }
    var all = options();
    Object.keys(all).forEach(function (name) {
      var element = document.querySelector('[data-chart="' + name + '"]');
      if (!element) {
        return;
      }
      if (!charts[name]) {
        charts[name] = echarts.init(element);
        window.addEventListener('resize', function () { charts[name].resize(); });
      }
      charts[name].setOption(all[name], true);
      element.setAttribute('data-drawn', 'true');
      element.setAttribute('data-points', String(data.at.length));
    });
  }

  function refresh() {
    var page = document.getElementById('pulse-page');
    var query = 'window=' + encodeURIComponent(page.getAttribute('data-window') || 'PT1H');
    var channel = page.getAttribute('data-channel');
    if (channel) {
      query += '&channel=' + encodeURIComponent(channel);
    }
    fetch('/pulse/chart?' + query, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (fresh) {
        if (fresh) {
          data = fresh;
          draw();
          page.setAttribute('data-refreshed', String(Date.now()));
        }
      })
      .catch(function () { /* the next tick tries again */ });
    document.body.dispatchEvent(new CustomEvent('pulse-refresh'));
  }

  function listen() {
    if (!window.EventSource) {
      return;
    }
    var timer = null;
    var source = new EventSource('/console/stream?types=' + ORDER_EVENTS.join(','));
    function received() {
      // The pulse job computes every 5 seconds: ask once it has seen the change.
      clearTimeout(timer);
      timer = setTimeout(refresh, 1000);
    }
    ORDER_EVENTS.forEach(function (type) { source.addEventListener(type, received); });
  }

  function start() {
    var source = document.getElementById('pulse-data');
    if (!source) {
      return;
    }
    data = JSON.parse(source.textContent);
    draw();
    if (!window.echarts) {
      var script = document.getElementById('echarts-script');
      if (script) {
        script.addEventListener('load', draw);
      }
    }
    setInterval(refresh, REFRESH_MILLIS);
    listen();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
