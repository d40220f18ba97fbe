// Site search, loaded only on the search page. Diacritic-insensitive ("dang ky ket hon" finds
// "Đăng ký kết hôn"), tolerant of small typos (one edit in words of 4+ letters, two in words
// of 8+), and finds procedures by their full code ("1.001193"). The index is built by congxa:
// each item's words are split by field (t title, c code, w keywords, b body) and `r` ranks its
// kind (2 procedure, 1 page, 0 news), so that "khai sinh" lists the procedures first.
(function () {
  "use strict";
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  // The same split as congxa's index: "y" read as "i" (kỹ/kĩ, lý/lí), dotted numbers such as
  // procedure codes kept whole, one-letter words dropped (the index has none).
  function tokens(s) {
    var out = [];
    fold(s).replace(/y/g, "i").split(/[^a-z0-9.]+/).forEach(function (p) {
      p = p.replace(/^\.+|\.+$/g, "");
      if (/^\d+(\.\d+)+$/.test(p)) { out.push(p); } else { out.push.apply(out, p.split(".")); }
    });
    return out.filter(function (w) { return w.length > 1; });
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
  // Edits allowed in a query word. Words with digits get none: "1.001195" is another
  // procedure, not a misspelling of "1.001193".
  function typos(q) { return /\d/.test(q) ? 0 : (q.length >= 8 ? 2 : (q.length >= 4 ? 1 : 0)); }
  // Score of one query word against a word list: exact 3, prefix 2, within `max` edits 1, else 0.
  function tokenScore(q, words, max) {
    var best = 0;
    for (var i = 0; i < words.length && best < 3; i++) {
      var w = words[i];
      if (w === q) { best = 3; } else if (w.indexOf(q) === 0) { best = Math.max(best, 2); } else if (max > 0 && dist(q, w.slice(0, q.length + max), max) <= max) { best = Math.max(best, 1); }
    }
    return best;
  }
  // Field weights, in the order of a word's postings: title, code, keywords, body.
  var WEIGHTS = [4, 4, 2, 1];
  // Each query word's best weighted score per item id, from the shard of its first letter
  // (src/search/shards.rs: word -> delta-coded ids by field). A word found as typed somewhere
  // is not a typo: "sinh" must not also match "minh".
  function scores(q, words) {
    var w, max = typos(q), hits = {};
    for (w in words) { if (words.hasOwnProperty(w) && w.indexOf(q) === 0) { max = 0; break; } }
    for (w in words) {
      if (!words.hasOwnProperty(w)) { continue; }
      var s = w === q ? 3 : (w.indexOf(q) === 0 ? 2 : (max > 0 && dist(q, w.slice(0, q.length + max), max) <= max ? 1 : 0));
      for (var f = 0; s && f < words[w].length; f++) {
        for (var j = 0, id = 0; j < words[w][f].length; j++) {
          id += words[w][f][j];
          if (!(hits[id] >= s * WEIGHTS[f])) { hits[id] = s * WEIGHTS[f]; }
        }
      }
    }
    return hits;
  }
  // Every query word must match somewhere (in queries of 4+ words one may be missing); the
  // score adds each word's best field, a bonus when the title holds the words in order (more
  // when it is exactly the query), and the kind's rank. Ties: kind, then the shorter title.
  // `items` is the table, `shards` the loaded shards by key (each a word -> postings map).
  function rank(query, items, shards) {
    var qs = tokens(query);
    if (!qs.length) { return []; }
    var hits = qs.map(function (q) { return scores(q, shards[q.charAt(0)] || {}); });
    var phrase = " " + qs.join(" ") + " ", out = [];
    for (var i = 0; i < items.length; i++) {
      var total = 0, missing = 0;
      for (var k = 0; k < qs.length; k++) {
        if (hits[k][i]) { total += hits[k][i]; } else { missing++; }
      }
      if (missing === 0 || (qs.length >= 4 && missing === 1)) {
        var title = " " + tokens(items[i].t).join(" ") + " ";
        if (qs.length > 1 && title.indexOf(phrase) >= 0) { total += 4 * qs.length; }
        if (title === phrase) { total += 6; }
        out.push({ item: items[i], score: total + 3 * (items[i].r || 0), order: i });
      }
    }
    out.sort(function (a, b) {
      return b.score - a.score || (b.item.r || 0) - (a.item.r || 0) || a.item.t.length - b.item.t.length || a.order - b.order;
    });
    return out;
  }
  // A procedure's URL, when the table leaves it out: "thu-tuc/" and the title's slug.
  function url(it) {
    return it.u !== undefined ? it.u : "thu-tuc/" + fold(it.t).replace(/'/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") + "/";
  }
  window.congxaRank = rank;
  window.congxaTokens = tokens;
  window.congxaUrl = url;

  function searchPage() {
    var input = document.getElementById("q");
    var box = document.getElementById("search-results");
    if (!input || !box) { return; }
    var root = input.getAttribute("data-root") || "", src = input.getAttribute("data-index");
    var base = src.replace(/[^/]*$/, ""), table = null, shards = {}, waiting = {}, retried = false, gen = 0;
    function show() {
      var q = input.value.trim();
      box.textContent = "";
      if (!q || !table) { return; }
      var res = rank(q, table.i, shards);
      var h = document.createElement("h2");
      // Messages come from the theme's UI strings: {q} is the query, {n} the number of results.
      var msg = box.getAttribute(res.length ? "data-found" : "data-none") || "{q} ({n})";
      h.textContent = msg.replace("{q}", q).replace("{n}", String(res.length));
      box.appendChild(h);
      var ul = document.createElement("ul");
      ul.className = "cards";
      for (var i = 0; i < res.length && i < 50; i++) {
        var it = res[i].item, li = document.createElement("li"), a = document.createElement("a");
        a.href = root + url(it); a.textContent = it.t;
        if (it.l) { a.lang = it.l; a.hreflang = it.l; }
        li.appendChild(a);
        var meta = document.createElement("p"); meta.className = "meta"; meta.textContent = it.k + (it.s ? " · " + it.s : "");
        if (it.l) { meta.lang = it.l; }
        li.appendChild(meta);
        ul.appendChild(li);
      }
      box.appendChild(ul);
    }
    function get(u, then) {
      var xhr = new XMLHttpRequest();
      xhr.open("GET", u);
      xhr.onload = function () { var v = null; try { v = JSON.parse(xhr.responseText); } catch (e) { v = null; } then(v); };
      xhr.onerror = function () { then(null); };
      xhr.send();
    }
    // The table, then the shard of each query word's first letter. The table lists each
    // shard's version: a kept old table next to a newer shard is fetched again, under the
    // shard's version (a URL no cache holds).
    function load() {
      var g = gen;
      if (!table) {
        if (waiting.table) { return; }
        waiting.table = true;
        // A failed fetch (offline, or a file:// copy, where browsers refuse it) shows nothing:
        // the A–Z list below stays, and the next keystroke tries again.
        get(src, function (t) { if (g === gen) { waiting.table = false; if (t && t.i) { table = t; load(); } } });
        return;
      }
      var need = tokens(input.value).map(function (w) { return w.charAt(0); }).filter(function (k) { return !shards[k]; });
      if (!need.length) { show(); return; }
      need.forEach(function (k) {
        if (waiting[k]) { return; }
        waiting[k] = true;
        get(base + "w/" + k + ".json?v=" + (table.s && table.s[k]), function (s) {
          if (g !== gen) { return; }
          waiting[k] = false;
          if (!s || !s.w) { return; }
          if (!(table.s && s.v === table.s[k]) && !retried) {
            retried = true; gen++; table = null; shards = {}; waiting = {}; src = base + "index.json?v=" + s.v;
          } else { shards[k] = s.w; }
          load();
        });
      });
    }
    var m = /[?&]q=([^&]*)/.exec(window.location.search);
    if (m) { input.value = decodeURIComponent(m[1].replace(/\+/g, " ")); load(); }
    input.addEventListener("input", load);
    input.form.addEventListener("submit", function (ev) { ev.preventDefault(); load(); });
  }
  if (typeof document === "undefined") { return; }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", searchPage); } else { searchPage(); }
}());
