// Reading aids (text size, contrast) and the directory filter. Progressive enhancement only:
// every page is complete without this script; choices are remembered in localStorage.
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { if (v === null) { window.localStorage.removeItem(k); } else { window.localStorage.setItem(k, v); } } catch (e) { /* private mode */ } }
  };
  function apply() {
    var size = store.get("congxa-size");
    var contrast = store.get("congxa-contrast");
    if (size && size !== "0") { root.setAttribute("data-size", size); } else { root.removeAttribute("data-size"); }
    if (contrast) { root.setAttribute("data-contrast", contrast); } else { root.removeAttribute("data-contrast"); }
    var buttons = document.querySelectorAll("[data-contrast]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-contrast") === contrast));
    }
  }
  apply();
  document.addEventListener("DOMContentLoaded", function () {
    var aids = document.getElementById("aids");
    if (aids) {
      aids.hidden = false;
      aids.addEventListener("click", function (ev) {
        var b = ev.target.closest ? ev.target.closest("button") : ev.target;
        if (!b) { return; }
        if (b.hasAttribute("data-size")) {
          var step = parseInt(b.getAttribute("data-size"), 10);
          var cur = parseInt(store.get("congxa-size") || "0", 10);
          var next = step === 0 ? 0 : Math.max(-1, Math.min(2, cur + step));
          store.set("congxa-size", String(next));
        } else if (b.hasAttribute("data-contrast")) {
          var want = b.getAttribute("data-contrast");
          store.set("congxa-contrast", store.get("congxa-contrast") === want ? null : want);
        }
        apply();
      });
    }
    var filter = document.getElementById("loc");
    if (filter) {
      filter.parentNode.hidden = false;
      var items = document.querySelectorAll("[data-search]");
      var fold = function (s) {
        return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
      };
      filter.addEventListener("input", function () {
        var q = fold(filter.value.trim());
        for (var i = 0; i < items.length; i++) {
          items[i].hidden = q !== "" && items[i].getAttribute("data-search").indexOf(q) < 0;
        }
      });
    }
  });
}());
