/* Tour de table — keyboard first (what is said aloud, the group's wording).
 * In a text box marked data-enter-submits, Enter sends the form and Shift+Enter starts a new
 * line; the text box keeps the focus, so the next contribution can be typed at once. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var area = event.target;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    if (!area.matches || !area.matches("textarea[data-enter-submits]")) return;
    event.preventDefault();
    if (area.form && area.value.trim()) area.form.requestSubmit();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form[data-reset-on-success]") && event.detail.successful) form.reset();
    if (!form.matches || !form.matches("form[data-spoken]") || !event.detail.successful) return;
    var area = form.querySelector("textarea[data-enter-submits]");
    if (area) area.focus();
  });
})();
