/* Progressive enhancement. The error summary gets the focus when a form had problems. In the
   catalogue at most four interventions can be ticked for
   comparison, and a live counter says how many are ticked. Without JavaScript the server checks
   the same limit. Nothing is stored: no cookies, no localStorage. */
(function () {
  "use strict";
  // After a submit with problems, move the focus to the error summary (it sits above the results).
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  var form = document.getElementById("compare-form");
  if (!form) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.compare-check"));
  var counter = form.querySelector(".compare-counter");
  var max = 4;
  function update() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    boxes.forEach(function (box) { box.disabled = !box.checked && ticked >= max; });
    if (counter) {
      counter.textContent = ticked === 0 ? "" : (counter.getAttribute("data-text") || "{n}").replace("{n}", ticked);
    }
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  update();
})();
