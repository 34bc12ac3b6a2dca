namespace Sigilum.Gateway.Relay;

/// <summary>
/// The relay stream through which the dashboard administers this gateway (ADR 0018). On by default whenever the
/// gateway has a control plane and a node id; <c>sigilum gateway pair --stop</c> turns it off
/// (<c>Gateway:Relay:Enabled=false</c> in <c>gateway/appsettings.json</c>).
/// </summary>
public sealed class GatewayRelayOptions
{
    /// <summary>Hold the relay stream (<c>GATEWAY_RELAY_ENABLED</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The P-256 key file provider secrets are sealed to (0600, created on first start); defaults to <c>&lt;data&gt;/relay.key</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>How long a relayed command may take on the gateway's admin API (spec §4.10: 10 s).</summary>
    public int DispatchTimeoutSeconds { get; set; } = 10;

    /// <summary>Reconnect when the stream is silent this long (the control plane sends a keep-alive every 15 s).</summary>
    public int SilenceSeconds { get; set; } = 45;

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (DispatchTimeoutSeconds is < 1 or > 60 || SilenceSeconds is < 5 or > 600)
        {
            throw new InvalidOperationException("Gateway:Relay:DispatchTimeoutSeconds must be 1-60 and SilenceSeconds 5-600.");
        }
    }
}
