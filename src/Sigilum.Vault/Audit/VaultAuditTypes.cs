namespace Sigilum.Vault.Audit;

/// <summary>
/// Audit record types of the vault (DESIGN §4; sigil-vault-and-peers.md §1.6 field list). A release
/// links to its attestation (jti, iss, kid, intentHash) and its outcome links to the release's seq.
/// </summary>
internal static class VaultAuditTypes
{
    /// <summary>A request refused before any credential was fetched (written, not fsynced on its own).</summary>
    public const string Deny = "vault.deny";

    /// <summary>A credential is about to be released; durable (fsynced) before the backend is asked.</summary>
    public const string Release = "vault.release";

    /// <summary>What happened after the release: upstream status, bytes, outcome code.</summary>
    public const string Outcome = "vault.outcome";
}
