namespace Sigilum.Gateway.Hold;

/// <summary>How a hold ended: the owner approved, the owner rejected, the hold ran out, or the client went away.</summary>
internal enum HoldEnd
{
    Approved,
    Rejected,
    TimedOut,
    Abandoned,
}
