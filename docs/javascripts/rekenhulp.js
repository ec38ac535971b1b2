/* Rekenhulp overgangscliënten: shows the form (hidden without JavaScript) and computes the estimate.
   The formulas are the ones written out on the page; this script only does the arithmetic. */
(function () {
  "use strict";

  var form = document.getElementById("rekenhulp");
  if (!form) return;
  var box = form.closest(".kb-rekenhulp");
  var output = document.getElementById("rekenhulp-uitkomst");
  var whole = new Intl.NumberFormat("nl-NL", { maximumFractionDigits: 0 });
  var dateFormat = new Intl.DateTimeFormat("nl-NL", { day: "numeric", month: "long", year: "numeric" });
  box.hidden = false;

  // Reads one field; an empty optional field is null, anything else must be a number of 0 or more.
  function read(id, optional) {
    var input = document.getElementById(id);
    var error = document.getElementById(id + "-fout");
    var text = input.value.trim().replace(",", ".");
    var value = text === "" ? NaN : Number(text);
    var ok = (optional && text === "") || (isFinite(value) && value >= 0);
    input.setAttribute("aria-invalid", ok ? "false" : "true");
    if (error) error.textContent = ok ? "" : "Vul een getal in van 0 of meer.";
    if (!ok) return undefined;
    return text === "" ? null : value;
  }

  function dateText() {
    var value = document.getElementById("datum").value;
    var date = value ? new Date(value + "T12:00:00") : null;
    return date && !isNaN(date) ? "op " + dateFormat.format(date) : "op de overstapdag";
  }

  function line(label, trajectories, hours) {
    return "<li><strong>" + label + ":</strong> ongeveer " + whole.format(trajectories) +
      " lopende trajecten, samen hoogstens " + whole.format(trajectories * hours) + " uur.</li>";
  }

  function calculate() {
    var inhabitants = read("inwoners", false);
    var per10000 = read("per-10000", false);
    var clients = read("clienten", true);
    var months = read("duur", false);
    var hours = read("uren", false);
    if ([inhabitants, per10000, clients, months, hours].indexOf(undefined) !== -1) {
      output.innerHTML = "<p>Controleer de velden met een foutmelding.</p>";
      return;
    }
    var items = [line("Manier 1, vanuit " + whole.format(inhabitants) + " inwoners",
                      Math.round(inhabitants / 10000 * per10000), hours)];
    if (clients !== null) {
      items.push(line("Manier 2, vanuit " + whole.format(clients) + " cliënten per jaar",
                      Math.round(clients * months / 12), hours));
    }
    output.innerHTML = "<p>Uitkomst " + dateText() + ":</p><ul>" + items.join("") + "</ul>" +
      "<p>De uren zijn een bovengrens: een deel van het werk is al gedaan.</p>";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    calculate();
  });
  form.addEventListener("input", calculate);
  calculate();
})();
