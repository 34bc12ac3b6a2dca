namespace Sigilum.Sdk.Vault;

/// <summary>
/// Where the agent's Sigil Vault and attestation issuer are. Used by <see cref="SigilVaultClient"/> and by
/// <c>AddHttpClient(...).AddSigilVault(...)</c>.
/// </summary>
public sealed class SigilVaultOptions
{
    /// <summary>The vault's proxy listener, e.g. <c>http://127.0.0.1:10255</c> (plain HTTP; HTTPS goes through CONNECT).</summary>
    public Uri? ProxyUrl { get; set; }

    /// <summary>The agent's proxy token (<c>svt_…</c>, printed once by <c>sigil-vault agents create</c>). Sent as the Basic password.</summary>
    public string? ProxyToken { get; set; }

    /// <summary>
    /// PEM or DER file of the vault's CA (<c>sigil-vault ca export --out FILE</c>). It is the only root the client
    /// trusts for HTTPS: every HTTPS connection of this client ends at the vault, which presents a leaf of that CA
    /// (the vault itself validates the real upstream against the system store).
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>
    /// Base URL of the attestation issuer: a Sigilum control plane (for example <c>http://127.0.0.1:8787/</c>);
    /// the handler posts to <c>v1/authorize</c> under it, signed with the agent's Sigilum identity.
    /// </summary>
    public Uri? IssuerUrl { get; set; }

    /// <summary>
    /// The <c>agentId</c> sent to the issuer; it appears in the attestation and the audit log. Set it to the vault agent id
    /// of <see cref="ProxyToken"/> (<c>agt_…</c>, printed by <c>sigil-vault agents create</c>): the vault refuses an attestation
    /// that names another agent, or none (<c>ATTESTATION_AGENT_MISMATCH</c>, docs/decisions/0022).
    /// </summary>
    public string? AgentId { get; set; }

    /// <summary>Optional <c>framework</c> sent to the issuer (e.g. <c>langchain</c>).</summary>
    public string? Framework { get; set; }

    /// <summary>Namespace of the Sigilum identity that signs the issuer calls (DI only; see <c>SigilumSigningOptions.Namespace</c>).</summary>
    public string? Namespace { get; set; }

    /// <summary>Sigilum home directory holding that identity (DI only); null uses <c>SIGILUM_HOME</c>, else <c>~/.sigilum</c>.</summary>
    public string? HomeDirectory { get; set; }

    /// <summary>How long one issuer call may take before the request fails (default 10 s).</summary>
    public TimeSpan IssuerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for the signatures of issuer calls.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        if (ProxyUrl is null || !ProxyUrl.IsAbsoluteUri || ProxyUrl.Scheme != Uri.UriSchemeHttp)
        {
            throw new InvalidOperationException("SigilVaultOptions.ProxyUrl must be an absolute http:// URL of the vault, e.g. http://127.0.0.1:10255.");
        }
        if (string.IsNullOrEmpty(ProxyToken))
        {
            throw new InvalidOperationException("SigilVaultOptions.ProxyToken is required (sigil-vault agents create prints it).");
        }
        if (string.IsNullOrEmpty(CaCertificateFile))
        {
            throw new InvalidOperationException("SigilVaultOptions.CaCertificateFile is required (sigil-vault ca export --out FILE).");
        }
        if (IssuerUrl is null || !IssuerUrl.IsAbsoluteUri || (IssuerUrl.Scheme != Uri.UriSchemeHttp && IssuerUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException("SigilVaultOptions.IssuerUrl must be the absolute http(s) URL of the attestation issuer.");
        }
        if (IssuerTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("SigilVaultOptions.IssuerTimeout must be positive.");
        }
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
