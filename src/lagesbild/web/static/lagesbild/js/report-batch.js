/* The batch's one-use key comes back with the typed rows when the browser shows the page again
   on Back (as on the report form, report-form.js): sent again, no row is filed twice. */
(function () {
  "use strict";
  var key = document.getElementById("id_submission");
  if (key) { var shown = key.value; key.defaultValue = ""; key.value = shown; }
})();

/* Batch form: "Lägg till rad" adds a row in place instead of reloading the page.
   Without JavaScript the button submits and the server re-renders with one more row. */
(function () {
  "use strict";
  var form = document.querySelector("form.batch-form");
  var button = document.getElementById("add-row");
  var template = document.getElementById("batch-row-template");
  if (!form || !button || !template) { return; }
  var rows = document.getElementById("batch-rows");
  var total = form.querySelector("input[name$='-TOTAL_FORMS']");
  var status = document.getElementById("batch-status");
  var maxRows = parseInt(form.dataset.maxRows, 10);

  button.addEventListener("click", function (event) {
    event.preventDefault();
    var index = parseInt(total.value, 10);
    if (index >= maxRows) {
      status.textContent = status.dataset.full.replace("%(n)s", maxRows);
      return;
    }
    var html = template.innerHTML.replace(/__prefix__/g, index).replace(/__number__/g, index + 1);
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = index + 1;
    status.textContent = status.dataset.added.replace("%(n)s", index + 1);
    var first = row.querySelector("select, input:not([type=hidden]), textarea");
    if (first) { first.focus(); }
  });
})();
