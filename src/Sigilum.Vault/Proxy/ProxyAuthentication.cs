using System.Text;
using Sigilum.Vault.Http;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// The agent token from <c>Proxy-Authorization</c>: <c>Basic base64(any-user:TOKEN)</c> (what
/// HTTPS_PROXY=http://x:TOKEN@host:port makes clients send) or <c>Bearer TOKEN</c>. Exactly one
/// header; the token is looked up by its SHA-256 (the store never holds it).
/// </summary>
internal static class ProxyAuthentication
{
    public static VaultAgent? Authenticate(HttpHead head, VaultSnapshot snapshot)
    {
        var value = head.Single(ProxyHeaders.ProxyAuthorization);
        if (value is null || value.Length > 4096)
        {
            return null;
        }
        string? token = null;
        if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = value[7..].Trim();
        }
        else if (value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value[6..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                token = colon < 0 ? null : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        return snapshot.AgentsByTokenHash.TryGetValue(VaultStore.HashToken(token), out var agent) && agent.IsActive ? agent : null;
    }
}
