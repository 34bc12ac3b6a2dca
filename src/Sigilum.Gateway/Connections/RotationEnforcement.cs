namespace Sigilum.Gateway.Connections;

/// <summary>What an overdue secret rotation does to requests (spec §3.4 step 6, <c>GATEWAY_ROTATION_ENFORCEMENT</c>).</summary>
internal enum RotationEnforcement
{
    /// <summary>Rotation dates are not checked.</summary>
    Off,

    /// <summary>Requests pass with an <c>X-Sigilum-Rotation-Warning</c> header.</summary>
    Warn,

    /// <summary>Requests are refused with 403 <c>ROTATION_REQUIRED</c>.</summary>
    Block,
}
