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
