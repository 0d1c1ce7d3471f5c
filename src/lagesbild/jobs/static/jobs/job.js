/* The job page asks the status endpoint every two seconds and shows the progress and the state in
   the window's title; when the job has finished it reloads, so the server renders the link to the
   file (or the error), and the reloaded page moves focus to it: a reload puts focus on the page's
   start, and a state the page was loaded with is not announced by its live region.
   Without JavaScript a <noscript> meta refresh reloads the page instead. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var finishedKey = "lagesbild-job-finished";

  function showOutcome() {
    var seen = false;
    try {
      seen = window.sessionStorage.getItem(finishedKey) === window.location.pathname;
      window.sessionStorage.removeItem(finishedKey);
    } catch (e) { /* storage refused: leave focus where the browser put it */ }
    if (!seen) { return; }
    // The file's link (described by the status, "Klar"), the link to what was made, or the error.
    var target = box.querySelector("a.download, a.job-result, [role=alert]");
    if (!target) { return; }
    if (target.tagName !== "A") { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }

  if (box.dataset.pending !== "true") { showOutcome(); return; }
  if (!window.fetch) { return; }
  var bar = document.getElementById("job-progress");
  var percent = document.getElementById("job-percent");
  var status = document.getElementById("job-status");
  var title = document.querySelector("h1");
  var titleSuffix = document.title.slice(document.title.lastIndexOf(" – "));

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
        document.title = state.status_label + ": " + title.textContent + titleSuffix;
        if (state.pending) { window.setTimeout(ask, 2000); return; }
        try { window.sessionStorage.setItem(finishedKey, window.location.pathname); } catch (e) { /* no focus then */ }
        window.location.reload();
      })
      .catch(function () { window.setTimeout(ask, 10000); });
  }
  window.setTimeout(ask, 1000);
}());
