// Accessible names the Wagtail admin leaves out (axe "serious"):
// - a rich-text editor (Draftail) gets the label of its field via aria-labelledby;
// - the minimap's list, a scrollable region, can be reached with the keyboard.
(function () {
  "use strict";
  var counter = 0;

  function labelFor(editor) {
    // The hidden input Draftail writes to sits in the same field container; its label
    // (Wagtail renders <label for="id_x" id="id_x-label">) is a sibling of that container.
    var label = null;
    var container = editor.closest("[data-field-input], .w-field__input");
    var input = container && container.querySelector("input[id]");
    if (input) {
      label = document.getElementById(input.id + "-label") || document.querySelector('label[for="' + input.id + '"]');
    }
    if (!label) {
      var wrapper = editor.closest("[data-field-wrapper], .w-field__wrapper, [data-contentpath]");
      label = wrapper && wrapper.querySelector("label, .w-field__label");
    }
    if (!label) return null;
    if (!label.id) label.id = "jv-rich-text-label-" + ++counter;
    return label.id;
  }

  function fix(root) {
    root.querySelectorAll('.public-DraftEditor-content[role="textbox"]').forEach(function (editor) {
      if (editor.getAttribute("aria-label") || editor.getAttribute("aria-labelledby")) return;
      var id = labelFor(editor);
      if (id) editor.setAttribute("aria-labelledby", id);
    });
    root.querySelectorAll(".w-minimap__list").forEach(function (list) {
      if (!list.hasAttribute("tabindex")) list.setAttribute("tabindex", "0");
    });
  }

  function start() {
    fix(document);
    new MutationObserver(function () {
      fix(document);
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
