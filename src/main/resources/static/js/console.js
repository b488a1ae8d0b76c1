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
})();
