// Every Wagtail admin page reports that its user is here (the newsroom's
// presence), and shows a notice while a reader waits in a chat.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.dataset.heartbeatUrl;
  if (!url) return;
  var EVERY = 60 * 1000;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var config = document.getElementById("wagtail-config");
    try { return JSON.parse(config.textContent).CSRF_TOKEN; } catch (e) { return ""; }
  }

  function showNotice(waiting, inbox) {
    var notice = document.querySelector("[data-contact-notice]");
    // Not over the chat being answered: it would cover the answer box.
    if (document.querySelector("[data-staff-chat]")) waiting = 0;
    if (!waiting) { if (notice) notice.remove(); return; }
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "contact-presence-notice";
      notice.setAttribute("role", "status");
      notice.setAttribute("data-contact-notice", "");
      document.body.appendChild(notice);
    }
    notice.textContent = "";
    notice.appendChild(document.createTextNode(
      waiting === 1 ? "A reader is waiting in chat. " : waiting + " readers are waiting in chat. "
    ));
    var link = document.createElement("a");
    link.href = inbox + "?status=new";
    link.textContent = "Answer now";
    notice.appendChild(link);
  }

  function beat() {
    if (document.visibilityState === "hidden") return;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.counted) showNotice(data.waiting, data.inbox);
      })
      .catch(function () { /* the next beat tries again */ });
  }

  beat();
  setInterval(beat, EVERY);
  document.addEventListener("visibilitychange", beat);
})();
