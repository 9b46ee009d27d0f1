// PeerDesk: j/k move through the queue, Enter (or o) opens the selected ticket; the queue
// refreshes itself every minute while nothing is being typed. Everything works without it.
(function () {
  "use strict";
  var table = document.getElementById("queue");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).filter(function (row) {
    return row.querySelector("a");
  });
  var index = -1;
  function select(next) {
    if (rows.length === 0) { return; }
    if (index >= 0) { rows[index].classList.remove("selected"); }
    index = Math.max(0, Math.min(rows.length - 1, next));
    rows[index].classList.add("selected");
    rows[index].scrollIntoView({ block: "nearest" });
  }
  function typing(event) {
    var tag = event.target && event.target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
  }
  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (event.key === "j") { select(index + 1); event.preventDefault(); }
    else if (event.key === "k") { select(index - 1); event.preventDefault(); }
    else if ((event.key === "Enter" || event.key === "o") && index >= 0) {
      window.location.href = rows[index].querySelector("a").href;
    } else if (event.key === "/") {
      var search = document.querySelector(".filters input[name=q]");
      if (search) { search.focus(); event.preventDefault(); }
    }
  });
  var lastInput = Date.now();
  document.addEventListener("input", function () { lastInput = Date.now(); });
  window.setInterval(function () {
    if (document.hidden || index >= 0 || Date.now() - lastInput < 60000) { return; }
    window.location.reload();
  }, 60000);
})();
