// Small progressive enhancements for the console; every page also works without this file.
(function () {
  // The language switcher keeps the address the user is on, including filters htmx pushed after the page loaded.
  document.addEventListener('click', function (event) {
    var link = event.target.closest('[data-lang]');
    if (!link) {
      return;
    }
    var url = new URL(window.location.href);
    url.searchParams.set('lang', link.getAttribute('data-lang'));
    event.preventDefault();
    window.location.assign(url.toString());
  });
  // htmx requests that change something carry the CSRF token of the page, as forms do in a hidden field.
  document.addEventListener('htmx:configRequest', function (event) {
    var token = document.querySelector('meta[name=csrf-token]');
    var header = document.querySelector('meta[name=csrf-header]');
    if (token && header && event.detail.verb !== 'get') {
      event.detail.headers[header.getAttribute('content')] = token.getAttribute('content');
    }
  });
  // A session that expired while htmx fetched a fragment would swap the login page into the list: reload instead.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.responseURL && new URL(xhr.responseURL).pathname === '/login') {
      event.detail.shouldSwap = false;
      window.location.assign('/login');
    }
  });
  // Plain forms that change something ask first when they carry data-confirm (htmx forms use hx-confirm).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.getAttribute && form.getAttribute('data-confirm') && !window.confirm(form.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  }, true);
  // The order list's selection for bulk actions: select all on the page, and say how many are chosen.
  function countSelected() {
    var label = document.getElementById('bulk-selected');
    if (!label) {
      return;
    }
    var chosen = document.querySelectorAll('input.select-order:checked').length;
    label.textContent = label.getAttribute('data-template').replace('{0}', String(chosen));
  }
  document.addEventListener('change', function (event) {
    if (event.target.id === 'select-all') {
      document.querySelectorAll('input.select-order').forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
    if (event.target.id === 'select-all' || event.target.classList.contains('select-order')) {
      countSelected();
    }
  });
  // A live refresh of the list swaps its rows: keep what was selected.
  var kept = [];
  var clearing = false;
  document.addEventListener('htmx:beforeSwap', function (event) {
    if (event.detail.target && event.detail.target.id === 'order-list') {
      if (clearing) {
        clearing = false;
        kept = [];
        return;
      }
      kept = Array.prototype.map.call(document.querySelectorAll('input.select-order:checked'), function (box) {
        return box.value;
      });
    }
  });
  document.addEventListener('htmx:afterSettle', function (event) {
    if (event.detail.target && event.detail.target.id === 'order-list' && kept.length) {
      document.querySelectorAll('input.select-order').forEach(function (box) {
        if (kept.indexOf(box.value) >= 0) {
          box.checked = true;
        }
      });
      countSelected();
    }
  });
  // After a bulk action the list is fetched again, so it shows the orders as they are now.
  document.addEventListener('fulcrum-orders-changed', refreshList);
  function refreshList() {
    clearing = true;
    var list = document.getElementById('order-list');
    if (list && window.htmx) {
      htmx.ajax('GET', window.location.pathname + window.location.search, {target: list, swap: 'outerHTML'});
    }
  }
})();
