namespace Sigilum.Vault.Proxy;

internal static class ProxyHeaders
{
    /// <summary>The intent attestation (sigil-vault-and-peers.md §1.3).</summary>
    public const string Attestation = "X-Sigil-Attestation";

    public const string ProxyAuthorization = "Proxy-Authorization";
}
