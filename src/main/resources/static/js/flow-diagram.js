// Draws a flow's state machine with ECharts from the graph the page embeds (#flow-graph-data). The server placed
// every state and chose how much every arrow bends (FlowGraph, ADR 0140), so the graph series draws without a layout
// of its own. Circles, because ECharts stops an arrow at a circle's edge: the flow's own states are amber with a
// dashed ring, states an order can start in have a thick ring, guarded actions are dashed arrows.
(function () {
  // Room around the states' centres for the circles (88 px) and the arrows that arc outside them.
  var MARGIN_X = 70;
  var MARGIN_Y = 80;

  function draw() {
    var source = document.getElementById('flow-graph-data');
    var element = document.getElementById('flow-diagram');
    if (!source || !element || !window.echarts) {
      return;
    }
    var graph = JSON.parse(source.textContent);
    var labels = graph.labels;
    var byId = {};
    graph.nodes.forEach(function (node) {
      byId[node.id] = node;
    });
    fitHeight(element, graph.nodes);
    var chart = echarts.init(element, null, {renderer: 'svg'});
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: function (item) {
          if (item.dataType === 'edge') {
            var edge = item.data.edge;
            var text = '<b>' + escape(edge.action) + '</b>: ' + escape(byId[edge.from].label) + ' → ' + escape(byId[edge.to].label);
            if (edge.performs && edge.performs !== edge.action) {
              text += '<br>' + escape(labels.performs) + ' ' + escape(edge.performs);
            }
            if (edge.guarded) {
              text += '<br>' + escape(labels.guarded);
            }
            return text;
          }
          var node = item.data.node;
          var lines = ['<b>' + escape(node.label) + '</b> <code>' + escape(node.id) + '</code>'];
          lines.push(escape(labels.statusCode) + ' ' + node.statusCode + (node.custom ? ' · ' + escape(labels.custom) : ''));
          if (node.start) {
            lines.push(escape(labels.start));
          }
          if (node.stays.length) {
            lines.push('↻ ' + node.stays.map(escape).join(' · '));
          }
          node.deadlines.forEach(function (deadline) {
            lines.push(escape(deadline));
          });
          return lines.join('<br>');
        }
      },
      series: [{
        type: 'graph',
        layout: 'none',
        roam: true,
        top: MARGIN_Y,
        bottom: MARGIN_Y,
        left: MARGIN_X,
        right: MARGIN_X,
        symbol: 'circle',
        symbolSize: 88,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        label: {
          show: true,
          position: 'inside',
          lineHeight: 15,
          formatter: function (item) {
            var node = item.data.node;
            var text = split(node.label).map(function (part) { return '{name|' + part + '}'; }).join('\n');
            if (node.custom) {
              text += '\n{note|' + labels.custom + '}';
            }
            node.deadlines.forEach(function (deadline) {
              text += '\n{note|' + deadline + '}';
            });
            return text;
          },
          rich: {
            name: {fontSize: 12, fontWeight: 600, lineHeight: 15, color: '#1d2330', align: 'center'},
            note: {fontSize: 10, lineHeight: 13, color: '#b54708', align: 'center'}
          }
        },
        edgeLabel: {
          show: true,
          fontSize: 11,
          fontFamily: 'ui-monospace, Menlo, Consolas, monospace',
          color: '#1f4e79',
          backgroundColor: 'rgba(255, 255, 255, 0.85)',
          formatter: function (item) {
            return item.data.edge.action;
          }
        },
        lineStyle: {color: '#667085', width: 1.4, opacity: 0.9},
        emphasis: {focus: 'adjacency', lineStyle: {width: 2.4}},
        data: graph.nodes.map(function (node) {
          return {
            name: node.id,
            x: node.x,
            y: node.y,
            node: node,
            itemStyle: {
              color: node.custom ? '#fef0c7' : '#e8f0f8',
              borderColor: node.custom ? '#b54708' : '#1f4e79',
              borderWidth: node.start ? 3.5 : 1.4,
              borderType: node.custom ? 'dashed' : 'solid'
            }
          };
        }),
        links: graph.edges.map(function (edge) {
          return {
            source: edge.from,
            target: edge.to,
            edge: edge,
            lineStyle: {type: edge.guarded ? 'dashed' : 'solid', curveness: edge.curveness}
          };
        })
      }]
    });
    element.setAttribute('data-drawn', 'true');
    element.setAttribute('data-nodes', String(graph.nodes.length));
    element.setAttribute('data-edges', String(graph.edges.length));
    window.addEventListener('resize', function () {
      chart.resize();
    });
  }

  // The graph series stretches the states' places to fill the box on each axis: give the box the height that keeps
  // the server's proportions at its width, so that columns and rows stay as far apart as they were laid out.
  function fitHeight(element, nodes) {
    var xs = nodes.map(function (node) { return node.x; });
    var ys = nodes.map(function (node) { return node.y; });
    var width = Math.max.apply(null, xs) - Math.min.apply(null, xs);
    var height = Math.max.apply(null, ys) - Math.min.apply(null, ys);
    var scale = width > 0 ? Math.min(1.5, (element.clientWidth - 2 * MARGIN_X) / width) : 1;
    element.style.height = Math.round(height * scale + 2 * MARGIN_Y) + 'px';
  }

  // A long name on two lines, split at the space or underscore nearest its middle, so that it fits in its circle.
  function split(label) {
    if (label.length <= 11) {
      return [label];
    }
    var best = -1;
    for (var i = 0; i < label.length; i++) {
      if ((label[i] === ' ' || label[i] === '_') && (best < 0 || Math.abs(i - label.length / 2) < Math.abs(best - label.length / 2))) {
        best = i;
      }
    }
    return best < 0 ? [label] : [label.substring(0, best + (label[best] === '_' ? 1 : 0)), label.substring(best + 1)];
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
