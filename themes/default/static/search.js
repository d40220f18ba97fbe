// Site search, loaded only on the search page (and the directory page's filter). Diacritic-
// insensitive ("dang ky ket hon" finds "Đăng ký kết hôn") and tolerant of small typos (one
// edit in words of 4+ letters, two in words of 8+). The index is built by congxa at build time.
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  // "y" and "i" are interchangeable in many Vietnamese spellings (kỹ/kĩ, lý/lí): treat as one.
  function tokens(s) {
    return fold(s).replace(/y/g, "i").split(/[^a-z0-9]+/).filter(function (w) { return w.length > 0; });
  }
  // Damerau-Levenshtein distance with an early exit above `max`.
  function dist(a, b, max) {
    if (Math.abs(a.length - b.length) > max) { return max + 1; }
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) { prev[j] = j; }
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { v = Math.min(v, prev2[j - 2] + 1); }
        cur[j] = v;
        if (v < best) { best = v; }
      }
      if (best > max) { return max + 1; }
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }
  // Score of one query token against a word list: exact 3, prefix 2, typo 1, none 0.
  function tokenScore(q, words) {
    var best = 0, max = q.length >= 8 ? 2 : (q.length >= 4 ? 1 : 0);
    for (var i = 0; i < words.length && best < 3; i++) {
      var w = words[i];
      if (w === q) { best = 3; } else if (w.indexOf(q) === 0 && q.length >= 2) { best = Math.max(best, 2); } else if (max > 0 && dist(q, w.slice(0, q.length + max), max) <= max) { best = Math.max(best, 1); }
    }
    return best;
  }
  function rank(query, items, getWords, getTitle) {
    var qs = tokens(query);
    if (!qs.length) { return []; }
    var out = [];
    for (var i = 0; i < items.length; i++) {
      var words = getWords(items[i]), title = tokens(getTitle(items[i])), total = 0, missing = 0;
      for (var k = 0; k < qs.length; k++) {
        var s = tokenScore(qs[k], words);
        if (s === 0) { missing++; } else { total += s + tokenScore(qs[k], title); }
      }
      // Every word must match; in queries of 4+ words one may be missing.
      if (missing === 0 || (qs.length >= 4 && missing === 1)) { out.push({ item: items[i], score: total }); }
    }
    out.sort(function (a, b) { return b.score - a.score; });
    return out;
  }
  window.congxaRank = rank;

  function searchPage() {
    var input = document.getElementById("q");
    var box = document.getElementById("search-results");
    if (!input || !box) { return; }
    var index = null, loading = false, root = input.getAttribute("data-root") || "";
    function show() {
      var q = input.value.trim();
      box.textContent = "";
      if (!q || !index) { return; }
      var res = rank(q, index, function (it) { return it.w.replace(/y/g, "i").split(" "); }, function (it) { return it.t; });
      var h = document.createElement("h2");
      // Messages come from the theme's UI strings: {q} is the query, {n} the number of results.
      var msg = box.getAttribute(res.length ? "data-found" : "data-none") || "{q} ({n})";
      h.textContent = msg.replace("{q}", q).replace("{n}", String(res.length));
      box.appendChild(h);
      var ul = document.createElement("ul");
      ul.className = "cards";
      for (var i = 0; i < res.length && i < 50; i++) {
        var it = res[i].item, li = document.createElement("li"), a = document.createElement("a");
        a.href = root + it.u; a.textContent = it.t;
        li.appendChild(a);
        var meta = document.createElement("p"); meta.className = "meta"; meta.textContent = it.k + (it.s ? " · " + it.s : "");
        li.appendChild(meta);
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }
    function load(then) {
      if (index) { then(); return; }
      if (loading) { return; }
      loading = true;
      var xhr = new XMLHttpRequest();
      xhr.open("GET", input.getAttribute("data-index"));
      xhr.onload = function () { try { index = JSON.parse(xhr.responseText); } catch (e) { index = []; } then(); };
      xhr.send();
    }
    // The form is useless without this script (the A–Z list below is the fallback): show it now.
    if (input.form) { input.form.hidden = false; }
    var m = /[?&]q=([^&]*)/.exec(window.location.search);
    if (m) { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); load(show); }
    input.addEventListener("input", function () { load(show); });
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); load(show); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", searchPage); } else { searchPage(); }
}());
