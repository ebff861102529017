// Live minutes: follows the meeting's record and replaces each item's record as the
// secretary saves it. Without JavaScript the page shows the record as it was loaded.
(function () {
  "use strict";
  var list = document.querySelector("[data-live]");
  if (!list || !window.EventSource) {
    return;
  }
  var status = document.getElementById("live-status");
  var source = new EventSource(list.getAttribute("data-live"));
  source.addEventListener("record", function (event) {
    var update = JSON.parse(event.data);
    var target = document.getElementById("record-" + update.item);
    if (!target) {
      return;
    }
    // The server renders the fragment from the saved record, escaping what people wrote.
    target.innerHTML = update.html;
    target.setAttribute("data-version", String(update.version));
    if (status) {
      status.textContent = update.announcement;
    }
  });
})();
