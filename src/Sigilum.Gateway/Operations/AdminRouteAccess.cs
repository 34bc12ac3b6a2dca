namespace Sigilum.Gateway.Operations;

/// <summary>
/// What an admin route may be reached with (ADR 0020). Everything is <see cref="Operator"/> unless the route is
/// marked <see cref="LoopbackRead"/>, so a new route needs the admin token until someone decides otherwise.
/// </summary>
internal enum AdminRouteAccess
{
    /// <summary>Changes state or could redirect or expose a secret: the admin token, in every mode.</summary>
    Operator,

    /// <summary>A read with no secret material (metrics, the connection list): a loopback client suffices outside token mode.</summary>
    LoopbackRead,
}
