// The newsletter box: posts the form without leaving the page and shows the
// answer. Without script the form posts as it is and the answer is a page.
(function () {
  "use strict";
  function show(form, text, ok) {
    var result = form.querySelector("[data-newsletter-result]");
    if (!result) return;
    result.textContent = text;
    result.classList.toggle("newsletter-box__result--error", !ok);
    result.classList.toggle("newsletter-box__result--ok", ok);
  }
  function submit(event) {
    var form = event.target;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "omit"
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.ok) {
          show(form, data.message, true);
          form.querySelector("input[type=email]").value = "";
        } else {
          show(form, data.error || "Something went wrong; please try again.", false);
        }
      })
      .catch(function () {
        show(form, "We could not reach the newsroom; please try again.", false);
      })
      .finally(function () { if (button) button.disabled = false; });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-newsletter-signup]").forEach(function (form) {
      form.addEventListener("submit", submit);
    });
  });
})();
