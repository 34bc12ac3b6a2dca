// Passkeys (ADR 0056): a form marked data-passkey first posts its antiforgery token to data-options, which answers the
// WebAuthn options as JSON and sets the ceremony cookie; the browser's WebAuthn call runs; its answer goes into the
// form's hidden "response" field and the form is posted as usual, so refusals come back as pages with a code.
"use strict";
(() => {
  const forms = document.querySelectorAll("form[data-passkey]");
  if (forms.length === 0) {
    return;
  }
  const supported = window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON && PublicKeyCredential.parseRequestOptionsFromJSON;
  for (const form of forms) {
    const error = form.querySelector("[data-passkey-error]");
    const show = (text) => {
      if (error) {
        error.textContent = text;
        error.hidden = false;
      }
    };
    if (!supported) {
      show("This browser cannot use passkeys here. Passkeys need a secure page (https, or http://localhost).");
      continue;
    }
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const body = new URLSearchParams();
        for (const input of form.querySelectorAll("input[type=hidden]")) {
          if (input.name !== "response") {
            body.append(input.name, input.value);
          }
        }
        const answer = await fetch(form.dataset.options, { method: "POST", body, credentials: "same-origin" });
        if (!answer.ok) {
          show("The dashboard refused to start (" + answer.status + "). Reload the page and try again.");
          return;
        }
        const options = await answer.json();
        const credential = form.dataset.passkey === "register"
          ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        form.querySelector("input[name=response]").value = JSON.stringify(credential.toJSON());
        form.submit();
      } catch (e) {
        // NotAllowedError: the person cancelled, or no passkey for this site is on the device.
        show(e && e.name === "NotAllowedError" ? "No passkey was used." : "The passkey did not work: " + (e && e.message ? e.message : e));
      } finally {
        button.disabled = false;
      }
    });
  }
})();
