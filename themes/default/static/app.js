// Reading aids (text size, contrast) and the directory filter. Progressive enhancement only:
// every page is complete without this script. Loaded without `defer` so a remembered choice
// is applied before the first paint (no flash); it touches only <html> until the DOM is ready.
(function () {
  "use strict";
  var root = document.documentElement;
  // The site's folder is where this script's assets/ folder sits (also for the 404 page).
  var me = document.currentScript;
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
    offline();
    speak();
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

  // Offline copies (docs/xem-khi-mat-mang.md): the worker keeps pages; a page it served from
  // its cache carries data-saved on <html>, shown here as "updated at".
  function offline() {
    var note = document.getElementById("offline-note");
    if (!note) { return; }
    var at = root.getAttribute("data-saved"), when = at ? new Date(at) : null;
    if (when && !isNaN(when.getTime())) {
      var p = function (n) { return (n < 10 ? "0" : "") + n; };
      // Made here: an empty <time> in the page would not be valid HTML.
      var t = document.createElement("time");
      note.querySelector("span").appendChild(t);
      t.setAttribute("datetime", at);
      t.textContent = p(when.getHours()) + ":" + p(when.getMinutes()) + " " + p(when.getDate()) + "/" +
        p(when.getMonth() + 1) + "/" + when.getFullYear();
      note.hidden = false;
    }
    var sw = navigator.serviceWorker;
    // The preview server's pages load its live-reload script: no worker there.
    if (!sw || !me || !me.src || document.querySelector("script[src*='/__congxa/']")) { return; }
    var base = me.src.replace(/assets\/[^\/]*$/, "");
    sw.register(base + "sw.js", { scope: base }).catch(function () { /* no worker: pages work as before */ });
    var save = document.querySelector("button[data-save-offline]");
    if (!save || !window.MessageChannel) { return; }
    // Offered once a worker runs: where none can (an old browser, a host without sw.js) the
    // button would promise what nothing keeps.
    // A page the worker already controls shows it before the first paint (nothing moves).
    if (sw.controller) { save.hidden = false; } else { sw.ready.then(function () { save.hidden = false; }); }
    save.addEventListener("click", function () {
      var status = save.parentNode.querySelector("[role=status]");
      var files = [];
      var refs = document.querySelectorAll("link[rel=stylesheet],link[rel=icon],script[src],img[src]");
      for (var i = 0; i < refs.length; i++) { files.push(refs[i].href || refs[i].src); }
      sw.ready.then(function (reg) {
        var ch = new MessageChannel();
        ch.port1.onmessage = function (ev) {
          status.textContent = save.getAttribute(ev.data && ev.data.saved ? "data-done" : "data-failed");
        };
        reg.active.postMessage({ save: location.href.split("#")[0], assets: files }, [ch.port2]);
      });
    });
  }

  // "Đọc trang": only where the browser can speak the page's language (Android WebView, so
  // Zalo's in-app browser, has no speech synthesis at all).
  function speak() {
    var synth = window.speechSynthesis, main = document.getElementById("main");
    var btn = document.querySelector("button[data-speak]"), pause = document.querySelector("button[data-speak-pause]");
    if (!synth || !window.SpeechSynthesisUtterance || !main || !btn || !pause) { return; }
    var lang = (root.getAttribute("lang") || "vi").toLowerCase();
    var voice = null;
    function voices() {
      var all = synth.getVoices() || [];
      voice = null;
      for (var i = 0; i < all.length && !voice; i++) {
        if (String(all[i].lang).toLowerCase().replace("_", "-").split("-")[0] === lang) { voice = all[i]; }
      }
      btn.hidden = !voice;
    }
    function set(on, paused) {
      btn.setAttribute("aria-pressed", String(on));
      pause.hidden = !on;
      pause.setAttribute("aria-pressed", String(!!paused));
    }
    // One utterance per block: long utterances stop after about 15 s in some browsers.
    var BLOCK = /^(P|LI|H[1-6]|DT|DD|TD|TH|CAPTION|FIGCAPTION|SUMMARY|BLOCKQUOTE|DIV|SECTION|TR)$/;
    function chunks(el, out) {
      for (var n = el.firstChild; n; n = n.nextSibling) {
        if (n.nodeType === 3) { out[out.length - 1] += n.nodeValue; continue; }
        if (n.nodeType !== 1 || n.hidden || n.getAttribute("aria-hidden") === "true" ||
          /^(NAV|SCRIPT|STYLE|SVG|BUTTON|TEMPLATE|svg)$/.test(n.nodeName) || n.classList.contains("vh") ||
          n.classList.contains("print-only")) { continue; }
        var block = BLOCK.test(n.nodeName);
        if (block) { out.push(""); }
        chunks(n, out);
        if (block) { out.push(""); }
      }
      return out;
    }
    btn.addEventListener("click", function () {
      // Chrome keeps a paused queue paused after cancel(): the next reading would stay silent.
      if (synth.paused) { synth.resume(); }
      synth.cancel();
      if (btn.getAttribute("aria-pressed") === "true") { set(false); return; }
      var parts = chunks(main, [""]).map(function (t) { return t.replace(/\s+/g, " ").trim(); })
        .filter(function (t) { return t !== ""; });
      parts.forEach(function (t, i) {
        var u = new window.SpeechSynthesisUtterance(t);
        u.lang = lang === "vi" ? "vi-VN" : lang;
        try { u.voice = voice; } catch (e) { /* the language alone picks a voice */ }
        if (i === parts.length - 1) { u.onend = function () { set(false); }; }
        synth.speak(u);
      });
      set(parts.length > 0);
    });
    pause.addEventListener("click", function () {
      var now = pause.getAttribute("aria-pressed") !== "true";
      if (now) { synth.pause(); } else { synth.resume(); }
      set(true, now);
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
    voices();
    if (synth.addEventListener) { synth.addEventListener("voiceschanged", voices); }
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
