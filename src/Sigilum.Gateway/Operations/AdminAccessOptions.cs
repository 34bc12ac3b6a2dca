using System.Net;

namespace Sigilum.Gateway.Operations;

/// <summary>Who may call <c>/metrics</c> and <c>/api/admin/*</c> (spec §3.9, §3.14); validated at start.</summary>
public sealed class AdminAccessOptions
{
    /// <summary>
    /// Shortest admin token accepted: 32 characters, e.g. <c>openssl rand -hex 16</c> (128 bits, reliability
    /// ADM-04). Sigilum accepts any length; a guessable token on a reachable port is worse than a refused start.
    /// </summary>
    public const int MinimumTokenLength = 32;

    /// <summary><c>GATEWAY_ADMIN_ACCESS_MODE</c>: hybrid by default.</summary>
    public AdminAccessMode Mode { get; set; } = AdminAccessMode.Hybrid;

    /// <summary><c>GATEWAY_ADMIN_TOKEN</c>: required in token mode, optional in hybrid, unused in loopback.</summary>
    public string? Token { get; set; }

    /// <summary>
    /// <c>GATEWAY_TRUSTED_PROXY_CIDRS</c>: peers whose <c>X-Forwarded-For</c> / <c>X-Real-IP</c> are believed.
    /// Empty (default): forwarding headers are ignored (reliability ADM-01).
    /// </summary>
    public IReadOnlyList<string> TrustedProxyCidrs { get; set; } = [];

    /// <summary>
    /// <c>GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS</c>: when false the admin routes are open to anyone who can
    /// reach the port (Sigilum's behaviour); only the Origin check stays.
    /// </summary>
    public bool RequireAdminChecks { get; set; } = true;

    /// <summary>
    /// Host names accepted, besides loopback names and addresses, on requests granted because they come from
    /// loopback (e.g. a name in /etc/hosts that points at 127.0.0.1). Guards against DNS rebinding (ADM-02).
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; set; } = [];

    public void Validate()
    {
        if (!Enum.IsDefined(Mode))
        {
            throw new InvalidOperationException("Gateway admin access mode must be loopback, token or hybrid.");
        }
        if (Token is { } token)
        {
            if (token.Length < MinimumTokenLength)
            {
                throw new InvalidOperationException($"GATEWAY_ADMIN_TOKEN must be at least {MinimumTokenLength} characters (e.g. openssl rand -hex 32).");
            }
            if (token.Any(c => c <= ' ' || c >= '\u007f'))
            {
                throw new InvalidOperationException("GATEWAY_ADMIN_TOKEN must be visible ASCII without spaces (it is sent in a header).");
            }
        }
        if (Mode == AdminAccessMode.Token && Token is null)
        {
            throw new InvalidOperationException("GATEWAY_ADMIN_ACCESS_MODE=token requires GATEWAY_ADMIN_TOKEN.");
        }
        _ = ParseTrustedProxies();
        foreach (var host in AllowedHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains(':', StringComparison.Ordinal) && !IPAddress.TryParse(host, out _))
            {
                throw new InvalidOperationException($"Admin allowed host '{host}' must be a bare host name or IP address (no port).");
            }
        }
    }

    /// <summary>The trusted proxies as networks; a bare address is a single-host network.</summary>
    public IReadOnlyList<IPNetwork> ParseTrustedProxies()
    {
        var networks = new List<IPNetwork>(TrustedProxyCidrs.Count);
        foreach (var entry in TrustedProxyCidrs)
        {
            var text = entry?.Trim() ?? string.Empty;
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                address = ClientAddress.Normalize(address);
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                throw new InvalidOperationException($"GATEWAY_TRUSTED_PROXY_CIDRS entry '{entry}' is not a CIDR or IP address.");
            }
        }
        return networks;
    }
}
