/* Tour de table — quoting a passage: text selected in the source ([data-quote-source]) is
 * copied into the passage's text box (the element whose id the attribute names); typing or
 * pasting there works without this script. */
(function () {
  "use strict";
  document.addEventListener("mouseup", function () {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.anchorNode) return;
    var node = selection.anchorNode.nodeType === 1 ? selection.anchorNode : selection.anchorNode.parentElement;
    var source = node && node.closest("[data-quote-source]");
    if (!source || !source.contains(selection.focusNode)) return;
    var box = document.getElementById(source.getAttribute("data-quote-source"));
    var text = selection.toString().trim();
    if (box && text) box.value = text;
  });
})();
