// Progressive enhancement only: the summary page works without this file.
// Shows the "Print" button (hidden by default) and opens the print dialog on click.
(function () {
  "use strict";
  var buttons = document.querySelectorAll(".js-print");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
