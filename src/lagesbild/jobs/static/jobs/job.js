/* The job page asks the status endpoint every two seconds and shows the progress; when the job
   has finished it reloads, so the server renders the link to the file (or the error).
   Without JavaScript a <noscript> meta refresh reloads the page instead. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) { return; }
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var status = document.getElementById("job-status");

  function ask() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (state) {
        bar.value = state.progress;
        bar.textContent = state.progress + " %";
        percent.textContent = state.progress + " %";
        status.textContent = state.status_label;
        if (state.pending) { window.setTimeout(ask, 2000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(ask, 10000); });
  }
  window.setTimeout(ask, 1000);
}());
