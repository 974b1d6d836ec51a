// The live countdown: every element with a data-due attribute says how far
// its deadline is, in the words the server writes ("in 5 h 12 m",
// "OVERDUE by 3 h"). It follows the server's clock (body data-now), not the
// browser's, so a page is right even on a machine whose clock is off.
(function () {
  "use strict";
  var serverNow = Date.parse(document.body.getAttribute("data-now"));
  var offset = isNaN(serverNow) ? 0 : serverNow - Date.now();

  function span(ms) {
    var m = Math.floor(ms / 60000);
    var d = Math.floor(m / 1440), h = Math.floor(m / 60) % 24, min = m % 60;
    if (d > 0) { return h > 0 ? d + " d " + h + " h" : d + " d"; }
    if (h > 0) { return min > 0 ? h + " h " + min + " m" : h + " h"; }
    return min + " m";
  }

  function tick() {
    var now = Date.now() + offset;
    var els = document.querySelectorAll("[data-due]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) { continue; }
      var left = due - now;
      var text = left < 0 ? "OVERDUE by " + span(-left) : "in " + span(left);
      if (el.textContent !== text) { el.textContent = text; }
      el.classList.toggle("overdue", left < 0);
    }
  }

  tick();
  setInterval(tick, 1000);
})();

// Live updates: the server says which incident changed (server-sent
// events); the page fetches itself again and swaps its main content. While
// someone is editing a form it only offers to, so nothing typed is lost.
(function () {
  "use strict";
  if (!window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var shown = document.body.getAttribute("data-incident");
  var editing = false;
  var pending = null;
  var banner = document.getElementById("changed");
  var main = document.getElementById("main");

  document.addEventListener("input", function (e) {
    if (e.target.form) { editing = true; }
  });
  document.addEventListener("submit", function () { editing = false; });

  function swap() {
    pending = null;
    fetch(window.location.href, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (resp) { return resp.ok ? resp.text() : null; })
      .then(function (html) {
        if (html === null) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("main");
        if (!fresh) { return; }
        var y = window.scrollY;
        main.innerHTML = fresh.innerHTML;
        var now = doc.body.getAttribute("data-now");
        if (now) { document.body.setAttribute("data-now", now); }
        window.scrollTo(0, y);
        banner.hidden = true;
        document.dispatchEvent(new Event("breachd:updated"));
      });
  }

  function changed(id) {
    if (shown && id !== shown && id !== "*") { return; }
    if (editing) { banner.hidden = false; return; }
    if (pending === null) { pending = setTimeout(swap, 300); }
  }

  document.getElementById("reload").addEventListener("click", function () {
    editing = false;
    swap();
  });

  // One stream per open page: closed when the page is left (a kept page
  // would hold one of the browser's few connections to the server) and
  // opened again, with a fresh copy, when it is shown from the history.
  var source = null;
  function listen() {
    source = new EventSource("/events");
    source.addEventListener("ready", function () { document.body.setAttribute("data-live", "ready"); });
    source.addEventListener("changed", function (e) { changed(e.data); });
  }
  window.addEventListener("pagehide", function () {
    if (source) { source.close(); source = null; }
    document.body.removeAttribute("data-live");
  });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted) { listen(); swap(); }
  });
  listen();
})();
