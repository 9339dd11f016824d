// Third-party embeds load only when the reader asks (articles/blocks/embed.py).
// The page itself holds a placeholder with the player's address; this swaps in
// the provider's iframe on click. No inline script or handler: CSP-friendly.
(function () {
  "use strict";
  if (window.mastheadEmbeds) return; // loaded twice: listen once
  window.mastheadEmbeds = true;

  function load(figure) {
    var src = figure.getAttribute("data-embed-src") || "";
    if (src.indexOf("https://") !== 0) return;
    var placeholder = figure.querySelector(".embed__placeholder");
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = figure.getAttribute("data-embed-title") || "Embedded content";
    frame.className = "embed__frame";
    frame.setAttribute("allow", "encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    placeholder.replaceWith(frame);
    figure.classList.add("embed--loaded");
    frame.focus();
  }

  function ready() {
    document.querySelectorAll("[data-embed] [data-embed-load]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-embed-load]");
    if (!button) return;
    var figure = button.closest("[data-embed]");
    if (figure) load(figure);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
