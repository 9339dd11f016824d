/* Keeps what an editor types in the admin's forms from being left out of a save
 * (issue 17: a live story's draft posted without its last words, no autosave).
 *
 * 1. Draftail copies its text into the form's hidden input 250 ms after the last
 *    keystroke, and nothing copies it sooner: "Save draft",
 *    "Publish" or Ctrl+S inside that window posted the text as it was before. The
 *    pending text is copied when any admin form is submitted, before the browser
 *    reads the form's fields.
 * 2. Wagtail's unsaved-changes watcher takes its reference copy of the form 2 s after
 *    the page loads; words typed before then count as the saved state, so neither
 *    autosave nor the leave-page warning sees them. A form typed into before its
 *    reference copy is marked as edited (Wagtail's own "force" value) once the copy
 *    is taken; the next autosave clears the mark.
 */
(function () {
  "use strict";

  var WATCHED_FORM = 'form[data-controller~="w-unsaved"]';

  function copyPendingRichText(form) {
    var draftail = window.Draftail;
    if (!draftail || typeof draftail.serialiseEditorStateToRaw !== "function") {
      return;
    }
    form.querySelectorAll("input[type=hidden]").forEach(function (input) {
      // Wagtail's Draftail set-up keeps the editor component on its input. With
      // comments on, the component that writes the input is a closure out of
      // reach, so the text is serialised here as it would (Draftail's own
      // function, without the comment highlights, which are not content).
      var editor = input.draftailEditor;
      if (!editor || typeof editor.getEditorState !== "function") return;
      var raw = draftail.serialiseEditorStateToRaw(editor.getEditorState());
      if (raw && raw.blocks) {
        raw.blocks.forEach(function (block) {
          block.inlineStyleRanges = (block.inlineStyleRanges || []).filter(
            function (range) {
              return !/^COMMENT-/.test(range.style);
            },
          );
        });
      }
      var value = JSON.stringify(raw);
      if (value !== input.value) {
        input.rawContentState = raw;
        input.value = value;
      }
    });
  }

  // Capture phase on the document: runs before every other submit handler, and
  // the browser builds the posted data only after the submit event.
  document.addEventListener(
    "submit",
    function (event) {
      if (event.target instanceof HTMLFormElement) {
        copyPendingRichText(event.target);
      }
    },
    true,
  );

  var watched = new WeakSet(); // forms whose reference copy has been taken
  var editedEarly = new WeakSet(); // forms typed into before it was taken

  function noteEarlyEdit(event) {
    if (!event.isTrusted || !(event.target instanceof Element)) return;
    var form = event.target.closest(WATCHED_FORM);
    if (form && !watched.has(form)) editedEarly.add(form);
  }

  // beforeinput, not input: Draftail cancels the browser's own text insertion,
  // so typing into it fires no input event.
  ["beforeinput", "input", "change", "paste", "drop"].forEach(function (type) {
    document.addEventListener(type, noteEarlyEdit, true);
  });

  document.addEventListener(
    "w-unsaved:watch-edits",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      watched.add(form);
      if (editedEarly.has(form)) {
        editedEarly.delete(form);
        form.setAttribute("data-w-unsaved-force-value", "true");
      }
    },
    true,
  );
})();
