using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Dashboard.Claims;

/// <summary>One page of the namespace's claims under the chosen filters.</summary>
public sealed record ClaimsModel(
    ClaimsFilter Filter, Page<ClaimRecord> Page, IReadOnlyList<string> Services, DateTimeOffset Now, string? Problem = null)
{
    public bool Filtered => Filter.StatusText is not null || Filter.Service is not null || Filter.Agent is not null;
}
