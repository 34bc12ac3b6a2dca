// Pages that show a secret once (a new API key, a pairing code) are the response to a form post. Replacing this
// history entry with the list page means reload, back and forward load the list (a GET), never re-post the form
// and never show the secret again. Copy buttons appear only when this script runs.
"use strict";
(() => {
  const once = document.querySelector("[data-shown-once]");
  if (once && window.history.replaceState) {
    window.history.replaceState(null, "", once.dataset.shownOnce);
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const source = document.getElementById(button.dataset.copy);
    if (!source || !navigator.clipboard) {
      continue;
    }
    button.hidden = false;
    button.addEventListener("click", async () => {
      const text = source instanceof HTMLInputElement ? source.value : source.textContent;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
      } catch {
        source.focus();
        if (source instanceof HTMLInputElement) {
          source.select();
        }
        button.textContent = "Select and copy";
      }
    });
  }
})();
