// Comments under a story. The story page is cached and the same for every reader:
// the count comes from a cached fragment, the thread from a cached one for
// signed-out readers or an uncached one (this reader's forms and CSRF token) for
// signed-in ones, fetched when the section nears the screen.
(function () {
  "use strict";

  function fetchCount(box) {
    fetch(box.dataset.commentsCountUrl, { credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var slot = box.querySelector("[data-comments-count]");
        if (!slot || !html.trim()) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        slot.replaceChildren.apply(slot, Array.from(doc.body.childNodes));
      })
      .catch(function () { /* the count is extra */ });
  }

  // The "mh_signed_in" hint (no secret; accounts app) says a session may exist:
  // then the reader's own thread with forms and token, never cached; otherwise
  // the signed-out thread, which the page cache stores like a page.
  function isSignedIn() {
    return document.cookie.split(";").some(function (part) {
      return part.trim().indexOf("mh_signed_in=") === 0;
    });
  }

  function loadThread(box, notice) {
    var own = isSignedIn();
    var url = own ? box.dataset.commentsThreadUrl : box.dataset.commentsPublicUrl;
    return fetch(url, {
      credentials: own ? "same-origin" : "omit",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (html) {
        var body = box.querySelector("[data-comments-body]");
        var doc = new DOMParser().parseFromString(html, "text/html");
        body.replaceChildren.apply(body, Array.from(doc.body.childNodes));
        if (notice) {
          var status = body.querySelector("[data-comments-status]");
          if (status) status.textContent = notice;
        }
      })
      .catch(function () { /* the plain link to the comments page stays */ });
  }

  function submit(box, form) {
    var status = form.querySelector("[data-comments-form-status]");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return { ok: false, error: "Something went wrong (" + response.status + "). Please try again." };
        });
      })
      .then(function (result) {
        if (result.ok) {
          fetchCount(box);
          return loadThread(box, result.message);
        }
        if (status) {
          status.textContent = result.error;
        } else {
          var top = box.querySelector("[data-comments-status]");
          if (top) top.textContent = result.error;
        }
      })
      .catch(function () {
        if (status) status.textContent = "Your comment could not be sent. Check your connection and try again.";
      })
      .finally(function () { if (button) button.disabled = false; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-comments-thread-url]");
    if (!box) return;
    fetchCount(box);

    box.addEventListener("submit", function (event) {
      var form = event.target.closest("[data-comments-form]");
      if (!form) return;
      event.preventDefault();
      submit(box, form);
    });
    box.addEventListener("click", function (event) {
      var toggle = event.target.closest("[data-comments-reply]");
      if (!toggle) return;
      var form = document.getElementById("reply-" + toggle.dataset.commentsReply);
      if (!form) return;
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) form.querySelector("textarea").focus();
    });

    if (!("IntersectionObserver" in window)) { loadThread(box); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        loadThread(box);
      }
    }, { rootMargin: "400px" });
    observer.observe(box);
  });
})();
