// Reading aids (text size, contrast) and the directory filter. Progressive enhancement only:
// every page is complete without this script. Loaded without `defer` so a remembered choice
// is applied before the first paint (no flash); it touches only <html> until the DOM is ready.
(function () {
  "use strict";
  var root = document.documentElement;
  // The stylesheet shows the reading aids and the search box from the first paint when this
  // mark is set, so nothing moves when the page becomes interactive.
  root.classList.add("js");
  var SIZE = "congxa-size", CONTRAST = "congxa-contrast";
  var MIN = -1, MAX = 3;
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) {
      try {
        if (v === null) { window.localStorage.removeItem(k); } else { window.localStorage.setItem(k, v); }
      } catch (e) { /* storage off (private mode): the choice lasts for this page only */ }
    }
  };
  var memory = {};
  function get(k) { var v = store.get(k); return v === null && memory.hasOwnProperty(k) ? memory[k] : v; }
  function set(k, v) { memory[k] = v; store.set(k, v); }

  function media(q) { return !!(window.matchMedia && window.matchMedia(q).matches); }
  // The contrast the system asks for when the reader has made no choice here.
  function systemContrast() {
    return media("(prefers-contrast: more)") ? "more" : media("(prefers-contrast: less)") ? "less" : "normal";
  }
  function size() {
    var n = parseInt(get(SIZE) || "0", 10);
    return isNaN(n) ? 0 : Math.max(MIN, Math.min(MAX, n));
  }
  function contrast() {
    var c = get(CONTRAST);
    return c === "more" || c === "less" || c === "normal" ? c : null;
  }

  function apply() {
    var s = size(), c = contrast();
    if (s !== 0) { root.setAttribute("data-size", String(s)); } else { root.removeAttribute("data-size"); }
    // "normal" is kept on <html> so it overrides prefers-contrast; no attribute = follow the system.
    if (c) { root.setAttribute("data-contrast", c); } else { root.removeAttribute("data-contrast"); }
    var effective = c || systemContrast();
    var buttons = document.querySelectorAll("button[data-contrast]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-contrast") === effective));
    }
    var sizes = document.querySelectorAll("button[data-size]");
    for (var j = 0; j < sizes.length; j++) {
      var step = parseInt(sizes[j].getAttribute("data-size"), 10);
      var off = (step < 0 && s <= MIN) || (step > 0 && s >= MAX);
      sizes[j].setAttribute("aria-disabled", String(off));
      // The button of the size in use is shown pressed: A- when smaller, A+ when larger.
      sizes[j].setAttribute("aria-pressed", String(step < 0 ? s < 0 : step > 0 ? s > 0 : s === 0));
    }
  }

  function onAidsClick(ev) {
    var b = ev.target && ev.target.closest ? ev.target.closest("button") : null;
    if (!b) { return; }
    if (b.hasAttribute("data-size")) {
      var step = parseInt(b.getAttribute("data-size"), 10);
      var next = step === 0 ? 0 : Math.max(MIN, Math.min(MAX, size() + step));
      set(SIZE, next === 0 ? null : String(next));
    } else if (b.hasAttribute("data-contrast")) {
      var want = b.getAttribute("data-contrast");
      var effective = contrast() || systemContrast();
      if (effective === want) {
        // Turn it off: back to the system's choice, or force normal if the system asks for it.
        set(CONTRAST, systemContrast() === want ? "normal" : null);
      } else {
        set(CONTRAST, want);
      }
    } else if (b.classList.contains("aids-toggle")) {
      var open = b.getAttribute("aria-expanded") !== "true";
      b.setAttribute("aria-expanded", String(open));
      return;
    }
    apply();
  }

  apply();

  // Another tab changed the choice: follow it.
  window.addEventListener("storage", function (ev) {
    if (ev.key === SIZE || ev.key === CONTRAST || ev.key === null) { apply(); }
  });
  if (window.matchMedia) {
    ["(prefers-contrast: more)", "(prefers-contrast: less)"].forEach(function (q) {
      var m = window.matchMedia(q);
      if (m.addEventListener) { m.addEventListener("change", apply); }
    });
  }

  function ready() {
    var aids = document.getElementById("aids");
    if (aids) {
      apply();
      aids.addEventListener("click", onAidsClick);
      aids.hidden = false;
    }
    // At 360 px the menu scrolls sideways: keep the link reached with Tab in view.
    var menu = document.querySelector("nav.menu");
    if (menu) {
      menu.addEventListener("focusin", function (ev) {
        if (ev.target && ev.target.scrollIntoView) { ev.target.scrollIntoView({ block: "nearest", inline: "nearest" }); }
      });
    }
    var printers = document.querySelectorAll("button[data-print]");
    for (var k = 0; k < printers.length; k++) {
      printers[k].addEventListener("click", function () { window.print(); });
      printers[k].hidden = false;
    }
    var filter = document.getElementById("loc");
    if (filter && filter.parentNode) {
      var items = document.querySelectorAll("[data-search]");
      var groups = document.querySelectorAll(".province-group");
      var none = document.getElementById("loc-none");
      var fold = function (s) {
        return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
      };
      var run = function () {
        var q = fold(filter.value.trim()), shown = 0;
        for (var i = 0; i < items.length; i++) {
          items[i].hidden = q !== "" && items[i].getAttribute("data-search").indexOf(q) < 0;
          if (!items[i].hidden) { shown++; }
        }
        for (var g = 0; g < groups.length; g++) {
          groups[g].hidden = !groups[g].querySelector("[data-search]:not([hidden])");
        }
        if (none) { none.textContent = shown === 0 ? none.getAttribute("data-none") || "" : ""; }
      };
      filter.addEventListener("input", run);
      filter.parentNode.hidden = false;
      run();
    }
  }
  // Folded parts (<details>) print open: a printed checklist must not hide an exemption or a
  // condition behind a click. The ones opened here close again after printing.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    var all = document.querySelectorAll("details:not([open])");
    for (var d = 0; d < all.length; d++) { all[d].open = true; opened.push(all[d]); }
  });
  window.addEventListener("afterprint", function () {
    while (opened.length) { opened.pop().open = false; }
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
}());
