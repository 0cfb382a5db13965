// The admin's autocomplete boxes (Select2) take their accessible name from what is
// chosen, so an empty one has none (WCAG 4.1.2). Name each after its field's label as
// well; boxes added later (a new inline row) are named as they appear.
"use strict";
(() => {
  const name = (combobox) => {
    const container = combobox.closest(".select2");
    const select = container && container.previousElementSibling;
    if (!select || select.tagName !== "SELECT" || combobox.dataset.named) return;
    const label = document.querySelector(`label[for="${select.id}"]`);
    if (!label) return;
    if (!label.id) label.id = `${select.id}-label`;
    const shown = combobox.querySelector(".select2-selection__rendered");
    combobox.setAttribute("aria-labelledby", `${label.id} ${shown ? shown.id : ""}`.trim());
    if (shown) shown.setAttribute("aria-labelledby", label.id);
    combobox.dataset.named = "yes";
  };

  const nameAll = (root) => root.querySelectorAll(".select2-selection").forEach(name);

  new MutationObserver((changes) => {
    for (const change of changes) {
      change.addedNodes.forEach((node) => node.querySelectorAll && nameAll(node));
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => nameAll(document));
})();
