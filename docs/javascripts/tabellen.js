/* Sorting and filtering for the overview table. Without JavaScript it stays a plain, readable table.
   Works on tables inside <div class="kb-tabel">: a filter field above, a sort button in every header. */
(function () {
  "use strict";

  var collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });

  function cellValue(row, column) {
    var cell = row.cells[column];
    return cell ? cell.textContent.trim() : "";
  }

  function compare(a, b) {
    var numberA = parseFloat(a), numberB = parseFloat(b);
    if (!isNaN(numberA) && !isNaN(numberB) && numberA !== numberB) return numberA - numberB;
    return collator.compare(a, b);
  }

  function enhance(wrapper, number) {
    var table = wrapper.querySelector("table");
    if (!table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);

    // Filter field and a live count, placed above the table.
    var id = "kb-filter-" + number;
    var controls = document.createElement("div");
    controls.className = "kb-filter";
    controls.innerHTML = '<label for="' + id + '">Filter de tabel</label> ' +
      '<input id="' + id + '" type="search" autocomplete="off" aria-describedby="' + id + '-uitleg"> ' +
      '<span id="' + id + '-uitleg" class="kb-uitleg">Typ bijvoorbeeld een gemeente, rol of thema.</span>' +
      '<p class="kb-telling" aria-live="polite" id="' + id + '-telling"></p>';
    wrapper.insertBefore(controls, wrapper.firstChild);
    var input = controls.querySelector("input");
    var count = controls.querySelector(".kb-telling");

    function filter() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var text = row.textContent.toLowerCase();
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) shown += 1;
      });
      count.textContent = shown + " van " + rows.length + " praktijkvoorbeelden getoond.";
    }
    input.addEventListener("input", filter);
    filter();

    // A button in each header cell; aria-sort tells screen readers the current order.
    headers.forEach(function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sorteer";
      while (header.firstChild) button.appendChild(header.firstChild);
      button.insertAdjacentHTML("beforeend", '<span class="kb-sorteer__pijl" aria-hidden="true"></span>' +
        '<span class="md-visually-hidden kb-verborgen"> (sorteer)</span>');
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var result = compare(cellValue(a, column), cellValue(b, column));
          return ascending ? result : -result;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".kb-tabel"), enhance);
})();
