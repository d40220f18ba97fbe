// The site's offline copies (docs/deploy.md, SECURITY.md "Offline copies"). The build fills in
// VERSION (a hash of every other file of the site, so an unchanged build keeps this file
// byte-identical and a new one replaces the old caches) and PRECACHE (home page and theme assets).
"use strict";
var V = "__VERSION__", PRE = __PRECACHE__, MAX = 30, WAIT = 3000;
var CORE = "congxa-" + V + "-core", PAGES = "congxa-" + V + "-pages", SAVED = "congxa-" + V + "-saved";
var SCOPE = new URL(self.registration.scope).pathname;

// A page kept for later carries the time it was fetched, read by app.js for the notice.
function stamp(res) {
  return res.text().then(function (t) {
    var at = new Date().toISOString();
    return new Response(t.replace("<html", "<html data-saved=\"" + at + "\""), {
      status: res.status, headers: { "Content-Type": res.headers.get("Content-Type") || "text/html" }
    });
  });
}

function put(name, url, res) {
  return stamp(res).then(function (s) {
    return caches.open(name).then(function (c) { return c.delete(url).then(function () { return c.put(url, s); }); });
  });
}

// Visited pages: the most recent MAX, oldest visit dropped first (keys keep insertion order).
function keep(url, res) {
  return Promise.all([caches.open(CORE), caches.open(SAVED)]).then(function (cs) {
    return Promise.all([cs[0].match(url), cs[1].match(url)]);
  }).then(function (hits) {
    if (hits[0]) { return put(CORE, url, res); }
    if (hits[1]) { return put(SAVED, url, res); }
    return put(PAGES, url, res).then(function () { return caches.open(PAGES); }).then(function (c) {
      return c.keys().then(function (ks) {
        return Promise.all(ks.slice(0, Math.max(0, ks.length - MAX)).map(function (k) { return c.delete(k); }));
      });
    });
  });
}

self.addEventListener("install", function (e) {
  e.waitUntil(caches.open(CORE).then(function (c) {
    return Promise.all(PRE.map(function (p) {
      var url = new URL(p, self.registration.scope).href;
      return fetch(url).then(function (res) {
        // As with addAll: a missing file fails the install, which the browser retries later.
        if (!res.ok) { throw new Error(res.status); }
        return p === "./" ? put(CORE, url, res) : c.put(url, res);
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

// Saved procedure pages move to the new version's cache (fresh if online); older caches go.
self.addEventListener("activate", function (e) {
  e.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (n) { return n.indexOf("congxa-") === 0 && [CORE, PAGES, SAVED].indexOf(n) < 0; });
    return Promise.all(old.filter(function (n) { return /-saved$/.test(n); }).map(function (n) {
      return caches.open(n).then(function (c) {
        return c.keys().then(function (ks) {
          return Promise.all(ks.map(function (k) {
            return fetch(k.url).then(function (res) { return res.ok ? put(SAVED, k.url, res) : null; },
              function () { return c.match(k).then(function (r) { return caches.open(SAVED).then(function (s) { return s.put(k.url, r); }); }); });
          }));
        });
      });
    })).then(function () { return Promise.all(old.map(function (n) { return caches.delete(n); })); });
  }).then(function () { return self.clients.claim(); }));
});

// Network first; after WAIT ms or a network error, the kept copy.
function page(e) {
  var r = e.request;
  return new Promise(function (ok, no) {
    var done = false;
    function take(res) { if (!done) { done = true; ok(res); } }
    function cached(err) {
      caches.match(r.url).then(function (hit) {
        if (hit) { take(hit); } else if (err && !done) { done = true; no(err); }
      });
    }
    var timer = setTimeout(function () { cached(null); }, WAIT);
    fetch(r).then(function (res) {
      clearTimeout(timer);
      if (res.ok && res.type === "basic") { e.waitUntil(keep(r.url, res.clone())); }
      take(res);
    }, function (err) { clearTimeout(timer); cached(err); });
  });
}

self.addEventListener("fetch", function (e) {
  var r = e.request, u = new URL(r.url);
  if (r.method !== "GET" || u.origin !== location.origin || u.pathname.indexOf(SCOPE) !== 0) { return; }
  if (r.mode === "navigate") { e.respondWith(page(e)); return; }
  if (u.pathname.indexOf(SCOPE + "assets/") === 0) {
    // Asset names carry their content hash: a kept copy is always the right one.
    e.respondWith(caches.match(r.url).then(function (hit) {
      return hit || fetch(r).then(function (res) {
        if (res.ok) { var c = res.clone(); caches.open(CORE).then(function (k) { return k.put(r.url, c); }); }
        return res;
      });
    }));
  }
});

// "Lưu để xem khi mất mạng": the page and the files it uses, kept until the resident's browser
// drops them (not counted in MAX). The answer goes back on the port the page sent.
self.addEventListener("message", function (e) {
  var d = e.data || {}, port = e.ports && e.ports[0];
  if (!d.save || !port) { return; }
  var ours = function (x) {
    try {
      var u = new URL(String(x), self.registration.scope);
      return u.origin === location.origin && u.pathname.indexOf(SCOPE) === 0;
    } catch (err) { return false; }
  };
  if (!ours(d.save)) { port.postMessage({ saved: false }); return; }
  var urls = [d.save].concat([].concat(d.assets || []).filter(ours));
  e.waitUntil(Promise.all(urls.map(function (x, i) {
    return fetch(x).then(function (res) {
      if (!res.ok) { throw new Error(res.status); }
      return i === 0 ? put(SAVED, x, res) : caches.open(SAVED).then(function (c) { return c.put(x, res); });
    });
  })).then(function () { port.postMessage({ saved: true }); }, function () { port.postMessage({ saved: false }); }));
});
