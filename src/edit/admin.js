// congxa serve --edit: the session token (in the page's meta tag) goes with every request of
// the editor to its API, so no other page the clerk opens can write files. Runs before Decap.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="congxa-token"]');
  var token = meta ? meta.content : "";
  var own = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = typeof input === "string" ? input : (input && input.url) || "";
    var u = new URL(url, location.href);
    if (u.origin === location.origin && u.pathname === "/api/v1") {
      init = Object.assign({}, init);
      var h = new Headers(init.headers || (typeof input !== "string" && input.headers) || {});
      h.set("X-Congxa-Token", token);
      init.headers = h;
    }
    return own(input, init);
  };
})();
