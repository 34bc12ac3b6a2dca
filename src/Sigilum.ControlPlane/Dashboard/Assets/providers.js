// Seals provider secrets in the browser before the form is sent (sealed secrets v1, ADR 0018):
// ECDH P-256 with an ephemeral key against the gateway's key, HKDF-SHA256 (empty salt, info
// "sigilum-sealed-secret/v1") to an AES-256-GCM key, 12-byte IV, associated data = the key id.
// The plaintext inputs have no name attribute, so only the sealed envelopes ever leave the page.
"use strict";
(() => {
  const encoder = new TextEncoder();

  const toBase64Url = (bytes) => {
    let binary = "";
    new Uint8Array(bytes).forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  const fromBase64Url = (text) => {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  };

  async function seal(recipientSpki, kid, plaintext) {
    const subtle = window.crypto.subtle;
    const recipient = await subtle.importKey("spki", fromBase64Url(recipientSpki), { name: "ECDH", namedCurve: "P-256" }, false, []);
    const ephemeral = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
    const shared = await subtle.deriveBits({ name: "ECDH", public: recipient }, ephemeral.privateKey, 256);
    const ikm = await subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
    const key = await subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode("sigilum-sealed-secret/v1") },
      ikm, { name: "AES-GCM", length: 256 }, false, ["encrypt"]);
    const iv = window.crypto.getRandomValues(new Uint8Array(12));
    const ciphertext = await subtle.encrypt({ name: "AES-GCM", iv, additionalData: encoder.encode(kid), tagLength: 128 }, key, encoder.encode(plaintext));
    const epk = await subtle.exportKey("raw", ephemeral.publicKey);
    return JSON.stringify({ v: 1, kid, epk: toBase64Url(epk), iv: toBase64Url(iv), ct: toBase64Url(ciphertext) });
  }

  const showProblem = (text) => {
    const problem = document.getElementById("seal-problem");
    if (problem) {
      problem.textContent = text;
      problem.hidden = false;
      problem.focus();
    }
  };

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.sealTo) {
      return;
    }
    event.preventDefault();
    if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
      showProblem("This browser cannot encrypt here: open the dashboard over HTTPS or on localhost. Nothing was sent.");
      return;
    }
    try {
      for (const input of form.querySelectorAll("input[data-secret-for]")) {
        const target = form.querySelector(`input[type=hidden][name="sealed:${input.dataset.secretFor}"]`);
        if (!target) {
          continue;
        }
        target.value = input.value === "" ? "" : await seal(form.dataset.sealTo, form.dataset.sealKid, input.value);
        input.value = "";
      }
    } catch (error) {
      showProblem("Encrypting the secret failed, so nothing was sent: " + error);
      return;
    }
    form.submit();
  });
})();
