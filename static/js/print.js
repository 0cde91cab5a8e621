// The Print button of a print-styled page (the anonymous referral sheet). Without
// JavaScript it stays hidden: the browser's own Print command does the same.
(function () {
  "use strict";

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
