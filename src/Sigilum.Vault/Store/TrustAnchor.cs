using Sigilum.Protocol.Jose;

namespace Sigilum.Vault.Store;

/// <summary>
/// A pinned attestation signer key (sigil-vault-and-peers.md §1.4 "Trust anchors"): the JWK, its
/// <c>sha256:</c> raw-key pin (checked again at every use) and the only <c>iss</c> it may sign for.
/// </summary>
internal sealed record TrustAnchor(string Kid, string Fingerprint, string Issuer, Jwk Key, string Source, DateTimeOffset CreatedAt)
{
    /// <summary>The issuer assumed when <c>trust add</c> has no <c>--issuer</c>: what the live Sigil signer emits.</summary>
    public const string DefaultIssuer = "sigil-core";
}
