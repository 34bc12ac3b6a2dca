using Sigilum.Core.Claims;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Dashboard.Claims;

/// <summary>How the claim and agent pages name agents, keys and statuses, so every page shows them alike.</summary>
public static class ClaimDisplay
{
    /// <summary>The name the agent gave, else its id, else a plain label.</summary>
    public static string AgentLabel(ClaimRecord claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.AgentName ?? claim.AgentId ?? "Unnamed agent";
    }

    /// <summary>
    /// The key's DID URL, <c>did:sigilum:&lt;ns&gt;#ed25519-&lt;16 hex&gt;</c> (spec §3.1), the same id the agent's
    /// certificate and signatures carry; null for a key that does not parse.
    /// </summary>
    public static string? KeyId(string ns, string publicKey) =>
        AgentKeys.TryParse(publicKey, out var raw) ? AgentKeys.KeyId(SigilumNamespace.ToDid(ns), raw) : null;

    /// <summary>A public key short enough for a table cell; the full key goes in a title.</summary>
    public static string ShortKey(string publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        return publicKey.Length <= 28 ? publicKey : publicKey[..18] + "…" + publicKey[^6..];
    }

    /// <summary>The badge class for a status: pending waits, approved works, the rest do not.</summary>
    public static string BadgeClass(ClaimStatus status) => status switch
    {
        ClaimStatus.Pending => "warn",
        ClaimStatus.Approved => "ok",
        ClaimStatus.Expired => "off",
        _ => "bad",
    };

    public static string StatusText(ClaimStatus status) => Api.Views.ClaimView.StatusText(status);

    /// <summary>The claims page filtered to one agent key.</summary>
    public static string AgentClaimsLink(string publicKey) => DashboardPaths.Claims + "?agent=" + Uri.EscapeDataString(publicKey);
}
