namespace Sigilum.Gateway.Approvals;

/// <summary>Where the approvals cache follows the control plane, and how long silence is tolerated.</summary>
internal sealed class ApprovalsCacheOptions
{
    /// <summary>
    /// The control plane's base URL. Read again on every (re)connect, so a moved control plane is picked
    /// up without restarting the gateway.
    /// </summary>
    public Uri ControlPlaneUrl { get; set; } = new("http://127.0.0.1:8787/");

    /// <summary>
    /// How long the stream may stay silent (no event, no keep-alive) before decisions become
    /// <see cref="ApprovalDecision.Unavailable"/>. Three missed 15 s keep-alives by default.
    /// </summary>
    public TimeSpan StalenessBound { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The pinned control-plane public key (32 raw bytes, ADR 0024). Every stream event must be signed with it;
    /// when null the cache opens no stream and stays unavailable (fail closed). Read again on every (re)connect.
    /// </summary>
    public byte[]? ControlPlaneKey { get; set; }

    /// <summary>The first reconnect delay; it doubles after each failed attempt.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
