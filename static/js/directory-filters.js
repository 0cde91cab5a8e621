// The directory's filters on a narrow screen: folded behind "Filter (n)" so that the first
// result is on the first screen. The page arrives with them open, so without JavaScript
// nothing is hidden; the count follows the choices, also when htmx updates the results.
(function () {
  "use strict";

  function setUp() {
    var details = document.querySelector("details.directory__more-filters");
    if (!details || details.dataset.ready) {
      return;
    }
    details.dataset.ready = "true";
    var narrow = window.matchMedia("(max-width: " + details.dataset.foldBelow + "px)");
    var count = details.querySelector("[data-filter-count]");

    function fold() {
      details.open = !narrow.matches;
    }

    function recount() {
      var chosen = 0;
      details.querySelectorAll("select").forEach(function (select) {
        if (select.value) {
          chosen += 1;
        }
      });
      chosen += details.querySelectorAll("input[type=checkbox]:checked").length;
      count.textContent = String(chosen);
    }

    fold();
    narrow.addEventListener("change", fold);
    details.closest("form").addEventListener("change", recount);
  }

  document.addEventListener("DOMContentLoaded", setUp);
})();
