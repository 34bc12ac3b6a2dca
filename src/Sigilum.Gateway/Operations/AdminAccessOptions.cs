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

    /// <summary>The admin token file's name in the gateway's data directory (a contract: the CLI and doctor read it).</summary>
    public const string TokenFileName = "admin.token";

    /// <summary>
    /// <c>GATEWAY_ADMIN_ACCESS_MODE</c>: hybrid by default. In every mode, routes that change state or could redirect
    /// or expose a secret need the admin token (ADR 0020); the mode decides who may read the rest and from where.
    /// </summary>
    public AdminAccessMode Mode { get; set; } = AdminAccessMode.Hybrid;

    /// <summary>
    /// <c>GATEWAY_ADMIN_TOKEN</c>: the admin token. When unset the gateway generates one on first start into
    /// <c>&lt;data&gt;/admin.token</c> (0600) and uses that.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// <c>GATEWAY_TRUSTED_PROXY_CIDRS</c>: peers whose <c>X-Forwarded-For</c> / <c>X-Real-IP</c> are believed.
    /// Empty (default): forwarding headers are ignored (reliability ADM-01).
    /// </summary>
    public IReadOnlyList<string> TrustedProxyCidrs { get; set; } = [];

    /// <summary>
    /// <c>GATEWAY_INSECURE_OPEN_ADMIN</c>: when true the admin routes are open to anyone who can reach the port, token
    /// or not (Sigilum's <c>GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS=false</c>); only the Origin check stays. Announced in
    /// the startup posture line. Any local process could then re-point a connection at itself and collect its secret.
    /// </summary>
    public bool InsecureOpenAdmin { get; set; }

    /// <summary>
    /// <c>GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS</c>, removed by ADR 0020. Still read so that <c>false</c> refuses the start
    /// with a message instead of silently meaning something else; <c>true</c> is what always happens now.
    /// </summary>
    public bool? RequireAdminChecks { get; set; }

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
        if (Token is { } token && TokenProblem(token) is { } problem)
        {
            throw new InvalidOperationException("GATEWAY_ADMIN_TOKEN " + problem);
        }
        if (RequireAdminChecks == false)
        {
            throw new InvalidOperationException(
                "GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS=false was removed (ADR 0020): admin routes that change state now always need the admin token " +
                "($GATEWAY_ADMIN_TOKEN, else the generated admin.token in the gateway's data directory, which the sigilum CLI reads). " +
                "Unset GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS; if you really want an admin API open to anyone who can reach the port, set GATEWAY_INSECURE_OPEN_ADMIN=true.");
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

    /// <summary>What is wrong with <paramref name="token"/> as an admin token (never echoing it), or null when it is fine.</summary>
    internal static string? TokenProblem(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length < MinimumTokenLength)
        {
            return $"must be at least {MinimumTokenLength} characters (e.g. openssl rand -hex 32).";
        }
        return token.Any(c => c <= ' ' || c >= '\u007f') ? "must be visible ASCII without spaces (it is sent in a header)." : null;
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
