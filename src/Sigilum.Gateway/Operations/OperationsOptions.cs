namespace Sigilum.Gateway.Operations;

/// <summary>Settings of the gateway's operational surface: admin access, CORS, decision log, readiness.</summary>
public sealed class OperationsOptions
{
    /// <summary>
    /// <c>GATEWAY_ALLOWED_ORIGINS</c> default: the local dashboards Sigilum lists (ports 5000, 3000, 38000 on
    /// localhost and 127.0.0.1) and our control plane (8787). Sigilum's hosted <c>https://sigilum.id</c> is
    /// left out: our dashboard is local, and a remote site should not drive a local gateway's admin API.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultAllowedOrigins =
    [
        "http://localhost:5000", "http://127.0.0.1:5000",
        "http://localhost:3000", "http://127.0.0.1:3000",
        "http://localhost:38000", "http://127.0.0.1:38000",
        "http://localhost:8787", "http://127.0.0.1:8787",
    ];

    public AdminAccessOptions Admin { get; set; } = new();

    /// <summary><c>GATEWAY_ALLOWED_ORIGINS</c>: bare origins (<c>scheme://host[:port]</c>).</summary>
    public IReadOnlyList<string> AllowedOrigins { get; set; } = DefaultAllowedOrigins;

    /// <summary><c>GATEWAY_LOG_PROXY_REQUESTS</c>: one JSON decision line per decision (default true).</summary>
    public bool LogDecisions { get; set; } = true;

    /// <summary>How long <c>/health/ready</c> waits for all probes together.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public void Validate()
    {
        (Admin ?? throw new InvalidOperationException("Gateway admin access options are required.")).Validate();
        foreach (var origin in AllowedOrigins ?? throw new InvalidOperationException("GATEWAY_ALLOWED_ORIGINS must not be null."))
        {
            if (!AdminCorsPolicy.IsBareOrigin(origin))
            {
                throw new InvalidOperationException($"GATEWAY_ALLOWED_ORIGINS entry '{origin}' must be a bare origin such as http://127.0.0.1:3000.");
            }
        }
        if (ReadinessTimeout <= TimeSpan.Zero || ReadinessTimeout > TimeSpan.FromSeconds(30))
        {
            throw new InvalidOperationException("Gateway readiness timeout must be between 0 and 30 seconds.");
        }
    }
}
