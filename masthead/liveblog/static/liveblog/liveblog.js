// Live blog: poll the blog's newest entries (a cached JSON endpoint) and offer the
// new ones behind an "N new updates" button, so a reader in the middle of an entry
// is not moved. Polling pauses while the tab is hidden.
(function () {
  "use strict";
  var box = document.querySelector("[data-liveblog-poll]");
  var list = document.querySelector("[data-liveblog-entries]");
  if (!box || !list || !window.fetch) return;
  var button = box.querySelector("[data-liveblog-show]");
  var url = box.getAttribute("data-liveblog-poll");
  var interval = (parseInt(box.getAttribute("data-liveblog-interval"), 10) || 20) * 1000;
  var waiting = []; // entries fetched but not shown yet, newest first
  var timer = null;

  function shownIds() {
    var ids = {};
    list.querySelectorAll("[data-entry-id]").forEach(function (item) {
      ids[item.getAttribute("data-entry-id")] = true;
    });
    waiting.forEach(function (entry) { ids[String(entry.id)] = true; });
    return ids;
  }

  function updateButton() {
    if (!waiting.length) {
      button.hidden = true;
      return;
    }
    button.textContent = waiting.length === 1 ? "1 new update" : waiting.length + " new updates";
    button.hidden = false;
  }

  function showWaiting() {
    var empty = list.querySelector("[data-liveblog-empty]");
    if (empty) empty.remove();
    var template = document.createElement("template");
    template.innerHTML = waiting.map(function (entry) { return entry.html; }).join("");
    template.content.querySelectorAll(".liveblog-entry").forEach(function (item) {
      item.classList.add("liveblog-entry--new");
    });
    list.insertBefore(template.content, list.firstChild);
    waiting = [];
    updateButton();
    var first = list.querySelector(".liveblog-entry");
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: false });
    }
  }

  function poll() {
    fetch(url, { cache: "no-cache", credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        var known = shownIds();
        var fresh = data.entries.filter(function (entry) { return !known[String(entry.id)]; });
        waiting = fresh.concat(waiting);
        updateButton();
        if (!data.live) stop();
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  function start() {
    if (timer === null) timer = window.setInterval(poll, interval);
  }

  function stop() {
    if (timer !== null) window.clearInterval(timer);
    timer = null;
  }

  button.addEventListener("click", showWaiting);
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) {
      stop();
    } else {
      poll();
      start();
    }
  });
  if (!document.hidden) start();
})();
