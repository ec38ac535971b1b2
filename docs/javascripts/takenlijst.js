/* Checklists (task lists): give each checkbox the text of its item as its name, for screen readers. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".task-list-item input[type=checkbox]"), function (box) {
    var item = box.closest(".task-list-item");
    var text = item ? item.textContent.replace(/\s+/g, " ").trim() : "";
    if (text && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", text);
  });
})();
