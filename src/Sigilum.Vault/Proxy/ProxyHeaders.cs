namespace Sigilum.Vault.Proxy;

internal static class ProxyHeaders
{
    /// <summary>The intent attestation (sigil-vault-and-peers.md §1.3).</summary>
    public const string Attestation = "X-Sigil-Attestation";

    /// <summary>The stable code on every refusal the vault itself answers.</summary>
    public const string VaultError = "X-Sigil-Vault-Error";

    public const string ProxyAuthorization = "Proxy-Authorization";
}
