// congxa serve: live reload and the error overlay of the preview. Loaded by every preview
// page (never by published pages). Pages forbid inline scripts and styles (CSP), so this is a
// same-origin file, its styles are /__congxa/live.css, and text is set with textContent only.
(function () {
  "use strict";
  if (!window.EventSource || window.__congxaLive) return;
  window.__congxaLive = true;

  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = "/__congxa/live.css";
  document.head.appendChild(css);

  // The site this page belongs to: the first path segment ("" on the directory page).
  var site = location.pathname.split("/")[1] || "";
  var panel = null;
  var hiddenAt = -1;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function close() {
    if (panel) panel.remove();
    panel = null;
  }

  function show(status) {
    close();
    if (!status.errors || status.generation === hiddenAt) return;
    var t = status.text;
    panel = el("section", "congxa-overlay");
    panel.setAttribute("role", "alert");
    panel.setAttribute("lang", status.lang);
    var head = el("div", "congxa-overlay__head");
    head.appendChild(el("h2", "congxa-overlay__title", t.heading));
    var hide = el("button", "congxa-overlay__hide", t.hide);
    hide.type = "button";
    hide.addEventListener("click", function () {
      hiddenAt = status.generation;
      close();
    });
    head.appendChild(hide);
    panel.appendChild(head);
    panel.appendChild(el("p", "congxa-overlay__note", t.note));
    var list = el("ol", "congxa-overlay__list");
    status.problems.forEach(function (p) {
      if (p.severity !== "error") return;
      var li = el("li", "congxa-overlay__item");
      li.appendChild(el("code", "congxa-overlay__where", p.location));
      li.appendChild(el("p", "congxa-overlay__message", p.message));
      if (p.hint) li.appendChild(el("p", "congxa-overlay__hint", t.fix + ": " + p.hint));
      list.appendChild(li);
    });
    panel.appendChild(list);
    document.body.appendChild(panel);
  }

  var events = new EventSource("/__congxa/events");
  events.addEventListener("status", function (e) {
    show(JSON.parse(e.data));
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    if (d.all || site === "" || d.sites.indexOf(site) >= 0) location.reload();
  });
})();
