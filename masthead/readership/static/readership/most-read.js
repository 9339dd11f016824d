// Fills the "Most read" aside when it comes near the screen, from a fragment the
// page cache stores like a page: the page itself stays the same for every reader.
(function () {
  "use strict";
  function load(aside) {
    fetch(aside.dataset.mostReadUrl, { credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        if (!html.trim()) return;
        var doc = new DOMParser().parseFromString(html, "text/html");
        aside.replaceChildren.apply(aside, Array.from(doc.body.childNodes));
      })
      .catch(function () { /* the list is extra: a page without it is fine */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var aside = document.querySelector("[data-most-read-url]");
    if (!aside) return;
    if (!("IntersectionObserver" in window)) { load(aside); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        load(aside);
      }
    }, { rootMargin: "300px" });
    observer.observe(aside);
  });
})();
