/* Session expiry warning for signed-in members (progressive enhancement).
 * The page already says until when the member is signed in (#session-expiry). This script
 * shows a warning in the #session-warning live region shortly before that time, and a notice
 * with a sign-in link once it has passed. Times come from the server; the difference between
 * the server's clock and the browser's is corrected. */
(function () {
  "use strict";
  var info = document.getElementById("session-expiry");
  var region = document.getElementById("session-warning");
  if (!info || !region) { return; }
  var ends = Date.parse(info.getAttribute("data-session-ends"));
  var serverNow = Date.parse(info.getAttribute("data-server-now"));
  var warnMs = parseInt(info.getAttribute("data-warning-seconds"), 10) * 1000;
  if (isNaN(ends) || isNaN(serverNow) || isNaN(warnMs)) { return; }
  var skew = serverNow - Date.now();
  var shown = null;

  function show(templateId, minutes) {
    var template = document.getElementById(templateId);
    if (!template) { return; }
    var content = template.content.cloneNode(true);
    var slot = content.querySelector("[data-minutes]");
    if (slot) { slot.textContent = String(minutes); }
    region.textContent = "";
    region.appendChild(content);
    region.classList.add("session-warning--visible");
  }

  function check() {
    var left = ends - (Date.now() + skew);
    if (left <= 0) {
      if (shown !== "ended") { show("session-warning-ended"); shown = "ended"; }
      return;
    }
    if (left <= warnMs) {
      var minutes = Math.max(1, Math.ceil(left / 60000));
      if (shown !== minutes) { show("session-warning-soon", minutes); shown = minutes; }
    }
    var next = left > warnMs ? left - warnMs : Math.min(left, 60000);
    window.setTimeout(check, Math.max(1000, Math.min(next, 2147483647)));
  }

  check();
})();
