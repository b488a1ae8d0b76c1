// Completion for the rule editor's CEL condition: typing a variable's prefix (order., event., customer., now) lists
// the fields a condition may use (#rule-fields-data, from GET /api/v1/rules/fields); arrows choose, Enter or Tab or a
// click inserts. htmx checks the condition on the server while typing; this only helps to write it.
(function () {
  function setUp() {
    var area = document.getElementById('rule-when');
    var list = document.getElementById('rule-completions');
    var source = document.getElementById('rule-fields-data');
    if (!area || !list || !source) {
      return;
    }
    var fields = JSON.parse(source.textContent);
    var shown = [];
    var chosen = 0;

    function wordBeforeCaret() {
      var text = area.value.substring(0, area.selectionStart);
      var match = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(text);
      return match ? match[0] : '';
    }

    function close() {
      list.hidden = true;
      list.innerHTML = '';
      shown = [];
    }

    function render() {
      list.innerHTML = '';
      shown.forEach(function (field, index) {
        var item = document.createElement('li');
        item.setAttribute('role', 'option');
        item.setAttribute('data-path', field.path);
        item.className = index === chosen ? 'chosen' : '';
        var path = document.createElement('code');
        path.textContent = field.path;
        var type = document.createElement('span');
        type.className = 'muted';
        type.textContent = ' ' + field.type + ' · ' + field.description;
        item.appendChild(path);
        item.appendChild(type);
        item.addEventListener('mousedown', function (event) {
          event.preventDefault();
          insert(field.path);
        });
        list.appendChild(item);
      });
      list.hidden = shown.length === 0;
    }

    function update() {
      var word = wordBeforeCaret();
      if (word.length < 2) {
        close();
        return;
      }
      shown = fields.filter(function (field) {
        return field.path.indexOf(word) === 0 && field.path !== word;
      }).slice(0, 12);
      chosen = 0;
      render();
    }

    function insert(path) {
      var word = wordBeforeCaret();
      var start = area.selectionStart - word.length;
      area.value = area.value.substring(0, start) + path + area.value.substring(area.selectionStart);
      area.selectionStart = area.selectionEnd = start + path.length;
      close();
      area.focus();
      // Let htmx check the completed condition.
      area.dispatchEvent(new Event('input', {bubbles: true}));
    }

    area.addEventListener('input', update);
    area.addEventListener('blur', close);
    area.addEventListener('keydown', function (event) {
      if (list.hidden || !shown.length) {
        return;
      }
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        chosen = (chosen + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
        render();
        event.preventDefault();
      } else if (event.key === 'Enter' || event.key === 'Tab') {
        insert(shown[chosen].path);
        event.preventDefault();
      } else if (event.key === 'Escape') {
        close();
      }
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setUp);
  } else {
    setUp();
  }
})();
