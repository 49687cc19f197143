// Progressive help only (every page works without it): keeps what is typed in a form in this browser until the
// server has saved it, so that a session that ends mid-form loses nothing; and a print button.
(function () {
  'use strict';
  var saved = document.querySelector('[data-saved]');
  var form = document.querySelector('form[data-autosave]');
  var key = 'cpro:' + location.pathname;
  var store;
  try { store = window.localStorage; } catch (e) { store = null; }
  if (store && saved) store.removeItem(key);
  if (store && form) {
    var fresh = !saved && !document.getElementById('erreurs');
    var kept = store.getItem(key);
    if (kept && fresh) {
      try {
        var data = JSON.parse(kept);
        Array.prototype.forEach.call(form.elements, function (el) {
          if (!el.name || el.name === '_csrf' || !(el.name in data)) return;
          var v = data[el.name];
          if (el.type === 'radio') el.checked = el.value === v;
          else if (el.type === 'checkbox') el.checked = v === true;
          else el.value = v;
        });
        var note = document.createElement('p');
        note.className = 'flash';
        note.setAttribute('role', 'status');
        note.textContent = 'Les réponses saisies avant la fin de votre session ont été remises : enregistrez-les.';
        form.parentNode.insertBefore(note, form);
      } catch (e) { store.removeItem(key); }
    }
    var keep = function () {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === '_csrf' || el.name === 'action') return;
        if (el.type === 'radio') { if (el.checked) data[el.name] = el.value; }
        else if (el.type === 'checkbox') data[el.name] = el.checked;
        else data[el.name] = el.value;
      });
      store.setItem(key, JSON.stringify(data));
    };
    form.addEventListener('change', keep);
    form.addEventListener('input', keep);
  }
  var print = document.querySelector('[data-print]');
  if (print) print.addEventListener('click', function () { window.print(); });
})();
