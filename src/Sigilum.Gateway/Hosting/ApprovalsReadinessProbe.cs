using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Ready only while the approvals cache can vouch for its contents (a snapshot, and the stream heard from within
/// the staleness bound): otherwise every proxied request would be refused with AUTH_CLAIMS_UNAVAILABLE.
/// </summary>
internal sealed class ApprovalsReadinessProbe(ApprovalsCache approvals) : IReadinessProbe
{
    public string Name => "approvals";

    public Task<bool> IsReadyAsync(CancellationToken ct) => Task.FromResult(approvals.Status.Fresh);
}
