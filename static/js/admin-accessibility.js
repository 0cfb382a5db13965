// Accessible names for widgets Django's admin builds in the browser (WCAG 4.1.2), made
// as the widgets appear, so new inline rows are covered too:
// - an autocomplete box (Select2) names itself after what is chosen, so an empty one has
//   no name: it is named after its field's label as well;
// - the magnifying-glass icon of a "filter horizontal" box is a span with an aria-label,
//   which ARIA allows only on an element with a role: it is given the role of an image.
"use strict";
(() => {
  const nameAutocomplete = (combobox) => {
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

  const nameAll = (root) => {
    root.querySelectorAll(".select2-selection").forEach(nameAutocomplete);
    root
      .querySelectorAll("span.help-tooltip[aria-label]:not([role])")
      .forEach((icon) => icon.setAttribute("role", "img"));
  };

  new MutationObserver((changes) => {
    for (const change of changes) {
      change.addedNodes.forEach((node) => node.querySelectorAll && nameAll(node));
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", () => nameAll(document));
})();
