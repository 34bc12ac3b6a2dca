namespace Sigilum.Gateway.Claims;

/// <summary>How a claim filing ended, as the markdown 403 names it (spec §3.2 "submit result").</summary>
internal enum ClaimFilingOutcome
{
    /// <summary>The control plane answered 2xx: the claim exists (pending, approved or auto-rejected).</summary>
    Recorded,

    /// <summary>The control plane answered with an error status.</summary>
    ApiRejected,

    /// <summary>No response: connection refused, timeout, reset.</summary>
    NoResponse,

    /// <summary>Nothing was sent: no service key for the connection, or the request could not be built.</summary>
    FailedBeforeResponse,
}
