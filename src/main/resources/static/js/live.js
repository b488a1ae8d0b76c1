// Live updates for the order list and the order page over the console's server-sent events (/console/stream).
// The page says what it shows with data-live="order" (and data-live-order) or data-live="orders", and where the
// stream should resume with data-live-after (the log position read before the page was rendered, so a change
// committed meanwhile still arrives). On an event, the page's content is fetched again as an htmx fragment and what
// changed is highlighted for a moment. Without JavaScript the pages simply do not update.
(function () {
  var ORDER_EVENTS = ['order.placed', 'order.paid', 'order.held', 'order.released', 'order.cancelled',
    'order.shipped', 'order.delivered', 'order.updated'];
  var DEBOUNCE_MILLIS = {order: 50, orders: 300};
  var HIGHLIGHT_MILLIS = 2500;
  var UNITS = '.status, .chip, td, li[data-testid], tr[data-testid], #order-total, #order-notes, #order-no-holds, ' +
    '#order-payment p, #order-customer p, #orders-empty, dd';

  function start() {
    var page = document.querySelector('main[data-live]');
    if (!page || !window.EventSource || !window.htmx) {
      return;
    }
    var kind = page.getAttribute('data-live');
    var orderId = page.getAttribute('data-live-order');
    var cursor = page.getAttribute('data-live-after');
    var indicator = document.getElementById('live-indicator');
    var source = null;
    var retryMillis = 1000;
    var timer = null;
    var refreshing = false;
    var again = false;
    // An action the person sent (a POST from a form on the page) answers with the content itself; a refresh that
    // swapped the content meanwhile would detach the form and htmx would drop that answer. Wait for it instead.
    var acting = 0;
    document.addEventListener('htmx:beforeRequest', function (event) {
      if (event.detail.requestConfig && event.detail.requestConfig.verb !== 'get') {
        acting++;
        // An answer that never comes (a dropped connection) must not stop live updates for good.
        setTimeout(function () {
          acting = 0;
        }, 15000);
      }
    });
    document.addEventListener('htmx:afterRequest', function (event) {
      if (event.detail.requestConfig && event.detail.requestConfig.verb !== 'get') {
        acting = Math.max(0, acting - 1);
        if (acting === 0 && again) {
          again = false;
          setTimeout(refresh, DEBOUNCE_MILLIS[kind]);
        }
      }
    });

    function state(name) {
      if (indicator) {
        indicator.setAttribute('data-state', name);
        var title = indicator.getAttribute('data-title-' + name);
        if (title) {
          indicator.setAttribute('title', title);
        }
      }
    }

    function connect() {
      var url = '/console/stream?' + (kind === 'order' ? 'orderId=' + encodeURIComponent(orderId)
        : 'types=' + ORDER_EVENTS.join(','));
      // A new EventSource sends no Last-Event-ID, so the position goes in the query; the browser's own reconnects
      // (after a dropped connection) send the header, which the server prefers.
      if (cursor) {
        url += '&after=' + encodeURIComponent(cursor);
      }
      source = new EventSource(url);
      source.onopen = function () {
        retryMillis = 1000;
        state('live');
      };
      source.onerror = function () {
        if (source.readyState === EventSource.CLOSED) {
          // Refused or not a stream (a session that expired answers with the login page): try again later, slower.
          state('offline');
          source = null;
          setTimeout(connect, retryMillis);
          retryMillis = Math.min(retryMillis * 2, 30000);
        } else {
          state('connecting');
        }
      };
      ORDER_EVENTS.forEach(function (type) {
        source.addEventListener(type, received);
      });
    }

    function received(message) {
      page.setAttribute('data-live-received', String(Date.now()));
      if (message.lastEventId) {
        cursor = message.lastEventId;
      }
      if (kind === 'orders' && message.type !== 'order.placed' && !shown(subjectOf(message))) {
        return;
      }
      clearTimeout(timer);
      timer = setTimeout(refresh, DEBOUNCE_MILLIS[kind]);
    }

    function subjectOf(message) {
      try {
        return JSON.parse(message.data).subject;
      } catch (malformed) {
        return null;
      }
    }

    function shown(orderId) {
      return orderId && document.querySelector('[data-order-id="' + CSS.escape(orderId) + '"]') !== null;
    }

    function refresh() {
      if (refreshing || acting > 0) {
        again = true;
        return;
      }
      var target = document.getElementById(kind === 'order' ? 'order-content' : 'order-list');
      if (!target) {
        return;
      }
      refreshing = true;
      var before = snapshot(target);
      var scroll = window.scrollY;
      htmx.ajax('GET', window.location.pathname + window.location.search, {target: target, swap: 'outerHTML'})
        .then(function () {
          window.scrollTo(0, scroll);
          var after = document.getElementById(target.id);
          if (after) {
            highlight(after, before);
            after.setAttribute('data-live-refreshed', String(Date.now()));
          }
        })
        .finally(function () {
          refreshing = false;
          if (again) {
            again = false;
            refresh();
          }
        });
    }

    // What each unit of the content says, keyed by where it sits, to find what a refresh changed.
    function snapshot(root) {
      var texts = {};
      root.querySelectorAll(UNITS).forEach(function (unit) {
        texts[keyOf(unit, root)] = unit.textContent.replace(/\s+/g, ' ').trim();
      });
      return texts;
    }

    function keyOf(element, root) {
      var parts = [];
      for (var node = element; node && node !== root && !node.id; node = node.parentElement) {
        var key = node.getAttribute('data-order-id') || node.getAttribute('data-sku');
        if (!key) {
          key = String(Array.prototype.indexOf.call(node.parentElement.children, node));
        }
        parts.unshift(node.tagName + ':' + key);
      }
      return (node && node.id ? '#' + node.id : '') + '/' + parts.join('/');
    }

    // Marks what a refresh changed: the outermost of the units that are new (a new row, a new timeline entry), and
    // the innermost of those whose text changed (a status, one ledger cell).
    function highlight(root, before) {
      var entries = [];
      root.querySelectorAll(UNITS).forEach(function (unit) {
        var key = keyOf(unit, root);
        if (!(key in before)) {
          entries.push({unit: unit, fresh: true});
        } else if (before[key] !== unit.textContent.replace(/\s+/g, ' ').trim()) {
          entries.push({unit: unit, fresh: false});
        }
      });
      entries.filter(function (entry) {
        return !entries.some(function (other) {
          return other !== entry && (entry.fresh ? other.fresh && other.unit.contains(entry.unit)
            : entry.unit.contains(other.unit));
        });
      }).forEach(function (entry) {
        entry.unit.classList.add('live-changed');
        setTimeout(function () {
          entry.unit.classList.remove('live-changed');
        }, HIGHLIGHT_MILLIS);
      });
    }

    connect();
    window.addEventListener('pagehide', function () {
      if (source) {
        source.close();
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
