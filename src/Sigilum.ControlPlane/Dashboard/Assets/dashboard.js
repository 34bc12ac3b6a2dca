// Sigilum dashboard: progressive enhancement only; every page works without this script.
// Forms marked data-confirm ask before a destructive action.
"use strict";
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
