// Pending approvals, live: the server says when the namespace's claims change (Server-Sent Events), and the
// list is fetched again as server-rendered HTML and swapped in place. Rows already on screen are kept as they
// are, so a half-filled approve form survives another request arriving. Without this script a reload shows the
// same list.
"use strict";
(() => {
  const initial = document.getElementById("pending-list");
  if (!initial || !window.EventSource || !window.fetch) {
    return;
  }
  const announcer = document.getElementById("pending-announce");
  // Not location-relative: after a refused approve the address is the form's action, not the page.
  const fragmentUrl = initial.dataset.fragment;
  let busy = false;
  let again = false;

  const rows = (root) => Array.from(root.querySelectorAll("[data-claim-id]"));

  function swap(fresh) {
    const current = document.getElementById("pending-list");
    const kept = new Map(rows(current).map((row) => [row.dataset.claimId, row]));
    const focused = document.activeElement;
    const added = [];
    for (const row of rows(fresh)) {
      const old = kept.get(row.dataset.claimId);
      if (old) {
        row.replaceWith(old);
      } else {
        added.push(row);
      }
    }
    current.replaceWith(fresh);
    if (focused instanceof HTMLElement && focused !== document.activeElement && focused.isConnected) {
      focused.focus();
    }
    if (announcer && added.length > 0) {
      announcer.textContent = added.length === 1
        ? "New access request: " + added[0].dataset.label + "."
        : added.length + " new access requests.";
    }
  }

  async function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const response = await fetch(fragmentUrl, { credentials: "same-origin", headers: { Accept: "text/html" } });
        if (!response.ok || response.redirected) {
          // Signed out or the session ended: a reload shows the sign-in page.
          window.location.reload();
          return;
        }
        const template = document.createElement("template");
        template.innerHTML = await response.text();
        const fresh = template.content.getElementById("pending-list");
        if (fresh) {
          swap(fresh);
        }
      } while (again);
    } catch {
      // The network blipped; the next change event tries again.
    } finally {
      busy = false;
    }
  }

  const events = new EventSource(initial.dataset.events);
  events.addEventListener("change", refresh);
})();
