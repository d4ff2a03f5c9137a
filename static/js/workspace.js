// The synthesis workspace: drag an item onto another theme to move it; ticked items move together.
// Dropping fills the selection bar (the keyboard and no-script way) and sends it, so both paths
// make the same request and the server answers with the re-rendered workspace.
(function () {
  "use strict";

  function send(list, item) {
    var form = document.getElementById("selection");
    if (!form) return;
    var dragged = document.getElementById("pick-" + item.dataset.id);
    if (!dragged.checked) {  // an unticked item moves alone
      document.querySelectorAll("input[form=selection][name=contributions]").forEach(function (box) {
        box.checked = false;
      });
      dragged.checked = true;
    }
    form.querySelector("select[name=to]").value = list.dataset.theme;
    form.requestSubmit(form.querySelector(".move-selection"));
  }

  function init(root) {
    if (typeof Sortable === "undefined" || !document.getElementById("selection")) return;
    root.querySelectorAll(".theme-items").forEach(function (list) {
      if (list.dataset.sortable) return;
      list.dataset.sortable = "1";
      Sortable.create(list, {
        group: "themes", sort: false, animation: 120, ghostClass: "item--ghost",
        filter: "input, button", preventOnFilter: false,
        onEnd: function (event) { if (event.from !== event.to) send(event.to, event.item); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.body.addEventListener("htmx:afterSettle", function () { init(document); });
  });
})();
