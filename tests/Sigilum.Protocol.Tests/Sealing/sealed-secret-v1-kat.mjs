// Regenerates the sealed-secret v1 known-answer vector of SealedSecretTests with WebCrypto (as the browser does): `node sealed-secret-v1-kat.mjs`.
// The recipient and ephemeral keys are fixed P-256 JWKs; the IV is 01..0c. Never reuse these keys or this IV outside tests.
const { subtle } = globalThis.crypto;
const keys = JSON.parse('{"recipient": {"kty": "EC", "crv": "P-256", "d": "ya-p2EW6dRZrXCFXZ7HWk05Qw9s26JsSe4piKxIPZyE", "x": "YP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Y", "y": "eQP-EAi4vJmkGunpVii8ZPLxsgwtfp9Rd6PClNRGIpk", "ext": true}, "ephemeral": {"kty": "EC", "crv": "P-256", "d": "UZtCPXFfi1gfT6juWfR3GltEyBMLTj6sylSlbdpytGQ", "x": "HMvpHAdfx_TwM7-iSNuPzNNWXelLv7EvPFn_RsJxv4M", "y": "zkAUxogR-aIaH9ssDmET4G23ypO3QE543HzNXKiaTKk", "ext": true}}');
const b64u = b => Buffer.from(b).toString('base64url');
const rPriv = await subtle.importKey('jwk', keys.recipient, {name:'ECDH', namedCurve:'P-256'}, true, ['deriveBits']);
const rPubJwk = {...keys.recipient}; delete rPubJwk.d;
const rPub = await subtle.importKey('jwk', rPubJwk, {name:'ECDH', namedCurve:'P-256'}, true, []);
const spki = new Uint8Array(await subtle.exportKey('spki', rPub));
const kid = b64u(new Uint8Array(await subtle.digest('SHA-256', spki)));
// what the browser does: import the published SPKI, generate (here: fixed) ephemeral, derive, encrypt
const recipient = await subtle.importKey('spki', spki, {name:'ECDH', namedCurve:'P-256'}, false, []);
const ePriv = await subtle.importKey('jwk', keys.ephemeral, {name:'ECDH', namedCurve:'P-256'}, true, ['deriveBits']);
const ePubJwk = {...keys.ephemeral}; delete ePubJwk.d;
const ePub = await subtle.importKey('jwk', ePubJwk, {name:'ECDH', namedCurve:'P-256'}, true, []);
const epk = new Uint8Array(await subtle.exportKey('raw', ePub));
const z = await subtle.deriveBits({name:'ECDH', public: recipient}, ePriv, 256);
const ikm = await subtle.importKey('raw', z, 'HKDF', false, ['deriveKey']);
const key = await subtle.deriveKey({name:'HKDF', hash:'SHA-256', salt:new Uint8Array(0), info:new TextEncoder().encode('sigilum-sealed-secret/v1')}, ikm, {name:'AES-GCM', length:256}, false, ['encrypt']);
const iv = Uint8Array.from({length:12}, (_, i) => i + 1);
const pt = new TextEncoder().encode('sk-live-KAT-0123456789abcdef');
const ct = new Uint8Array(await subtle.encrypt({name:'AES-GCM', iv, additionalData:new TextEncoder().encode(kid), tagLength:128}, key, pt));
console.log(JSON.stringify({recipient_d: keys.recipient.d, recipient_x: keys.recipient.x, recipient_y: keys.recipient.y, ephemeral_d: keys.ephemeral.d, ephemeral_x: keys.ephemeral.x, ephemeral_y: keys.ephemeral.y, spki: b64u(spki), z: b64u(new Uint8Array(z)),
  envelope: JSON.stringify({v:1, kid, epk: b64u(epk), iv: b64u(iv), ct: b64u(ct)}), plaintext: 'sk-live-KAT-0123456789abcdef'}, null, 1));
