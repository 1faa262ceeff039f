// storyline web UI behaviours. Loaded as a file (the CSP forbids inline script).
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    // Article page: toggle highlight layers.
    var layers = document.getElementById("layers");
    var text = document.getElementById("clean-text");
    if (layers && text) {
      layers.addEventListener("change", function (ev) {
        var box = ev.target;
        if (!box || !box.dataset || !box.dataset.layer) return;
        text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
      });
    }
    // Ingest page: show that work is under way (the pipeline runs before the redirect).
    var form = document.getElementById("ingest-form");
    if (form) {
      form.addEventListener("submit", function () {
        var busy = document.getElementById("busy");
        var button = document.getElementById("ingest-submit");
        if (busy) busy.hidden = false;
        if (button) button.disabled = true;
      });
    }
  });
})();
