namespace Sigilum.Vault.Admin;

/// <summary>
/// One released request once its outcome is audited: the ids from the release record and the upstream status (null when
/// the upstream never answered). No token, secret reference or header; the path is as audited (at most 256 characters).
/// <see cref="SignerKey"/> is the public key (<c>ed25519:…</c>) of the trust anchor that signed the attestation, when the
/// configuration still holds it: the key the usage report names as the agent's (ADR 0071).
/// </summary>
internal sealed record VaultRequestReport(
    string? Agent, string? Route, string? Kid, string? Method, string? Path, int? Status, DateTimeOffset OccurredAt, long DurationMs)
{
    /// <summary>The backend the credential came from.</summary>
    public string? Backend { get; init; }

    /// <summary>The attestation signer's public key, <c>ed25519:…</c>; null when its trust anchor is gone.</summary>
    public string? SignerKey { get; init; }
}
