/* Reader accounts: the header's account area and the login popup.
 *
 * Pages are cached and the same for everyone, so who is signed in and the CSRF
 * token come from /accounts/state/ (never cached). An anonymous page view must
 * not reach Django, so the header asks it only when the "mh_signed_in" hint
 * cookie (no secret; set at login, removed at logout) is there; the popup asks
 * for its token when opened. Its address, the logout and
 * the account page's come from data- attributes on the header's account area
 * (rendered with {% url %}). Without this script, "Log in" is a plain link to the
 * full login page.
 */
(function () {
  "use strict";

  var urls = {}; // stateUrl, logoutUrl, accountUrl: set by start()
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled])";
  var statePromise = null;

  function loadState(fresh) {
    if (!statePromise || fresh) {
      statePromise = fetch(urls.stateUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) throw new Error("account state " + response.status);
        return response.json();
      });
    }
    return statePromise;
  }

  var HINT = "mh_signed_in";

  function hasSignedInHint() {
    return document.cookie.split(";").some(function (part) {
      return part.trim().indexOf(HINT + "=") === 0;
    });
  }

  function dropSignedInHint() {
    // The session ended without Django seeing it (expiry): forget the hint.
    document.cookie = HINT + "=; Max-Age=0; Path=/; SameSite=Lax";
  }

  function currentPath() {
    return window.location.pathname + window.location.search;
  }

  function showSignedIn(area, state) {
    var wrapper = document.createElement("div");
    wrapper.className = "account-menu";
    var name = document.createElement("a");
    name.className = "account-menu__name";
    name.href = urls.accountUrl;
    name.textContent = state.name;
    name.setAttribute("aria-label", "Your account: " + state.name);
    var form = document.createElement("form");
    form.method = "post";
    form.action = urls.logoutUrl;
    form.className = "account-menu__logout";
    [["csrfmiddlewaretoken", state.csrfToken], ["next", currentPath()]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = "Log out";
    form.appendChild(button);
    wrapper.appendChild(name);
    wrapper.appendChild(form);
    area.replaceChildren(wrapper);
    area.setAttribute("data-signed-in", "");
  }

  function trapFocus(dialog, event) {
    var items = Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (el) {
      return el.offsetParent !== null;
    });
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function collectErrors(payload) {
    var messages = [];
    var form = payload && payload.form;
    if (!form) return messages;
    (form.errors || []).forEach(function (text) { messages.push(text); });
    Object.keys(form.fields || {}).forEach(function (name) {
      (form.fields[name].errors || []).forEach(function (text) { messages.push(text); });
    });
    return messages;
  }

  // The URL with ?next= this page, keeping its ?lang= (the page's language).
  function withNext(url) {
    var target = new URL(url, window.location.href);
    target.searchParams.set("next", currentPath());
    return target.href;
  }

  function sameOriginOr(url, fallback) {
    try {
      var target = new URL(url, window.location.href);
      return target.origin === window.location.origin ? target.href : fallback;
    } catch (error) {
      return fallback;
    }
  }

  function setUpDialog(dialog) {
    var form = dialog.querySelector("[data-login-form]");
    var errorBox = dialog.querySelector("[data-login-error]");
    var submit = dialog.querySelector("[data-login-submit]");
    var opener = null;

    function showError(text) {
      errorBox.textContent = text;
      errorBox.hidden = false;
    }

    function open(trigger) {
      opener = trigger || document.activeElement;
      errorBox.hidden = true;
      form.querySelector("[data-login-next]").value = currentPath();
      // A new reader comes back to this page once they confirm their email.
      var signup = dialog.querySelector("[data-signup-link]");
      if (signup) signup.href = withNext(signup.href);
      dialog.showModal();
      form.querySelector("input[name=login]").focus();
      loadState().catch(function () {});
    }

    dialog.addEventListener("close", function () {
      if (opener && document.contains(opener)) opener.focus();
    });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Tab") trapFocus(dialog, event);
    });
    // A click on the backdrop (outside the form) closes, as people expect.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
    dialog.querySelector("[data-login-close]").addEventListener("click", function () {
      dialog.close();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      errorBox.hidden = true;
      submit.disabled = true;
      loadState()
        .then(function (state) {
          form.querySelector("[data-login-csrf]").value = state.csrfToken;
          return fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            credentials: "same-origin",
            headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
          });
        })
        .then(function (response) {
          if (response.status === 429) {
            showError("Too many attempts in a short time. Please wait a few minutes and try again.");
            return;
          }
          if (response.status === 403) {
            // The token went stale (e.g. logged in in another tab): fetch a new one.
            loadState(true);
            showError("Your session changed. Please try again.");
            return;
          }
          return response.json().then(function (payload) {
            if (response.ok && payload.location) {
              window.location.assign(sameOriginOr(payload.location, "/"));
              return;
            }
            var errors = collectErrors(payload);
            showError(errors.length ? errors.join(" ") : "Logging in did not work. Please try again.");
          });
        })
        .catch(function () {
          // Network or script trouble: the full login page still works.
          window.location.assign(withNext(form.action));
        })
        .finally(function () {
          submit.disabled = false;
        });
    });

    return open;
  }

  function start() {
    var area = document.querySelector("[data-account-area]");
    var dialog = document.querySelector("[data-login-dialog]");
    if (area) urls = area.dataset;
    var open = dialog && typeof dialog.showModal === "function" ? setUpDialog(dialog) : null;

    document.addEventListener("click", function (event) {
      var trigger = event.target.closest && event.target.closest("[data-login-open]");
      if (!trigger || !open || event.defaultPrevented) return;
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      open(trigger);
    });

    if (!area || !hasSignedInHint()) return;
    loadState()
      .then(function (state) {
        if (state.authenticated) showSignedIn(area, state);
        else dropSignedInHint();
      })
      .catch(function () {});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
