/* Starts what Wagtail's admin would start with inline scripts, which the admin's
 * Content-Security-Policy refuses (issue 17): date and time choosers, choosers
 * (the workflow task chooser too) and inline panels, marked in the HTML by
 * data-mh-init (templates/wagtailadmin/ overrides, operations/wagtail_hooks.py).
 * Markers added later (a new inline form, a form loaded into a dialog) are started
 * as they appear. */
(function () {
  "use strict";

  var starters = {
    "date-chooser": function (el, options) {
      window.initDateChooser(el.dataset.mhTarget, options);
    },
    "time-chooser": function (el, options) {
      window.initTimeChooser(el.dataset.mhTarget, options);
    },
    "datetime-chooser": function (el, options) {
      window.initDateTimeChooser(el.dataset.mhTarget, options);
    },
    chooser: function (el, options) {
      // Wagtail's chooser classes (ImageChooser, PageChooser, …) are globals.
      var name = el.dataset.mhConstructor;
      if (!/^[A-Z][A-Za-z]*Chooser$/.test(name)) return;
      new window[name](el.dataset.mhTarget, options);
    },
    "task-chooser": function (el) {
      // The workflow task chooser (Wagtail's AdminTaskChooser).
      window.createTaskChooser(el.dataset.mhTarget);
    },
    "inline-panel": function (el, options) {
      new window.InlinePanel(options);
    },
    "multiple-chooser-panel": function (el, options) {
      new window.MultipleChooserPanel(options);
    },
  };

  function startOne(el) {
    if (el.dataset.mhStarted) return;
    var starter = starters[el.dataset.mhInit];
    if (!starter) return;
    el.dataset.mhStarted = "1";
    try {
      starter(el, JSON.parse(el.dataset.mhOptions || "null"));
    } catch (error) {
      console.error("admin-csp: could not start", el.dataset.mhInit, error);
    }
  }

  function startWithin(root) {
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    if (root.matches("[data-mh-init]")) startOne(root);
    root.querySelectorAll("[data-mh-init]").forEach(startOne);
  }

  startWithin(document.documentElement);
  new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      mutation.addedNodes.forEach(startWithin);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
