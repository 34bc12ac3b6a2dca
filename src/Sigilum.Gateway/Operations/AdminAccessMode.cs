namespace Sigilum.Gateway.Operations;

/// <summary><c>GATEWAY_ADMIN_ACCESS_MODE</c> (spec §3.9).</summary>
public enum AdminAccessMode
{
    /// <summary>The client (after trusted-proxy resolution) must be on a loopback address.</summary>
    Loopback,

    /// <summary>The admin token must be presented.</summary>
    Token,

    /// <summary>A valid token (when one is configured) or a loopback client.</summary>
    Hybrid,
}
