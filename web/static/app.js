// Progressive enhancement for the console. Everything works without it.
(function () {
  "use strict";
  // Live preview of the policy editor: after a pause in typing, send the
  // form to the preview endpoint and show the document and reading levels.
  var form = document.getElementById("policy-form");
  var preview = document.getElementById("preview");
  if (!form || !preview) return;
  var timer = null, seq = 0;
  function refresh() {
    var mine = ++seq;
    var body = new URLSearchParams(new FormData(form));
    body.delete("summary");
    fetch("/console/policy/preview", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) { if (mine === seq) preview.innerHTML = html; })
      .catch(function () { /* keep the last preview */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  });
})();
