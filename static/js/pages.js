/* Tour de table — the console's projector page control says how many pages there are
 * ("page 2 / 3"). The number comes from the projector's preview in the console (static/js/fit.js
 * in its frame measures the pages at 1920×1080, as the room's screen does); the control is
 * redrawn at every change of state, so the last number heard is written again after each swap. */
(function () {
  "use strict";

  var total = null;

  function show() {
    if (total === null) return;
    // Only said, never enforced: a projector of another shape (4:3) may need a page more than the
    // 16:9 preview counted, so "Page suivante" stays usable.
    document.querySelectorAll("[data-projector-total]").forEach(function (slot) {
      slot.textContent = " / " + total;
    });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== window.location.origin || !event.data || !event.data.projectorPages) return;
    total = event.data.projectorPages.total;
    show();
  });
  document.addEventListener("htmx:afterSwap", show);
})();
