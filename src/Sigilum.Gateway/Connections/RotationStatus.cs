namespace Sigilum.Gateway.Connections;

/// <summary>Where a connection stands against its rotation policy.</summary>
internal enum RotationStatus
{
    /// <summary>Not due, no policy, or enforcement off.</summary>
    Ok,

    /// <summary>Overdue under <see cref="RotationEnforcement.Warn"/>: serve and add the warning header.</summary>
    Warn,

    /// <summary>Overdue under <see cref="RotationEnforcement.Block"/>: refuse with <c>ROTATION_REQUIRED</c>.</summary>
    Block,
}
