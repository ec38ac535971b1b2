// Small enhancement of the search page; everything works without this file.
(function () {
  "use strict";
  // A link to #zoekhulp opens the syntax help instead of jumping to a closed <details>.
  function openHelp() {
    if (location.hash === "#zoekhulp") {
      var help = document.getElementById("zoekhulp");
      if (help) { help.open = true; }
    }
  }
  window.addEventListener("hashchange", openHelp);
  document.addEventListener("DOMContentLoaded", openHelp);
}());
