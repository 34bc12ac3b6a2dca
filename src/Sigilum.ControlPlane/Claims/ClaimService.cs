using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.ControlPlane.Streaming;
using Sigilum.Core.Claims;
using Sigilum.Core.Ids;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Claims;

/// <summary>
/// The claim lifecycle: pending → approved | rejected, approved → revoked. Every decision is a
/// compare-and-set in the store, so two owners clicking at once get exactly one winner, and every change
/// lands in the change feed that the push stream serves. A revocation is answered only once the gateways following the
/// stream confirmed it is in effect, or once the bound passed (ADR 0027).
/// </summary>
internal sealed class ClaimService(ISigilumStore store, TimeProvider time, IEnumerable<IClaimChangeListener> listeners, StreamSubscribers subscribers, IOptions<ControlPlaneOptions> options)
{
    public async Task<(ClaimRecord Claim, bool Created)> SubmitAsync(ClaimRecord request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var pending = request with { Id = IdGenerator.ClaimId(), Status = ClaimStatus.Pending, CreatedAt = now, UpdatedAt = now, ApprovedAt = null, ApprovedBy = null, RevokedAt = null, ExpiresAt = null, AllowedSubjects = [], Reason = null };
        var (claim, created) = await store.Claims.SubmitAsync(pending, cancellationToken);
        if (created)
        {
            await NotifyAsync(claim, "request.submitted", cancellationToken);
        }
        return (claim, created);
    }

    // approvedBy comes from ClaimApprover (never a token): the claim keeps it for the delegation chain (ADR 0062).
    public Task<ClaimOutcome> ApproveAsync(string ns, string claimId, ApprovalScope scope, string approvedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentException.ThrowIfNullOrEmpty(approvedBy);
        return DecideAsync(ns, claimId, ClaimStatus.Pending, "request.approved", (claim, now) => claim with
        {
            Status = ClaimStatus.Approved,
            ApprovedAt = now,
            ApprovedBy = approvedBy,
            ExpiresAt = scope.ExpiresAt,
            AllowedSubjects = scope.AllowedSubjects,
        }, cancellationToken);
    }

    public Task<ClaimOutcome> RejectAsync(string ns, string claimId, CancellationToken cancellationToken) =>
        DecideAsync(ns, claimId, ClaimStatus.Pending, "request.rejected", (claim, _) => claim with { Status = ClaimStatus.Rejected }, cancellationToken);

    /// <summary>
    /// approved → revoked, answered once every gateway following the namespace's stream acknowledged applying it, or
    /// after <see cref="ControlPlaneOptions.RevocationWaitMilliseconds"/> at most; the outcome says how far it got.
    /// </summary>
    public async Task<ClaimOutcome> RevokeAsync(string ns, string claimId, CancellationToken cancellationToken)
    {
        // The bound counts from the start of the revoke, so the whole call is bounded (and a test that moves a fake
        // clock past it once the change is visible never waits on a timer created after the move).
        var deadline = time.GetUtcNow().AddMilliseconds(options.Value.RevocationWaitMilliseconds);
        var outcome = await DecideAsync(ns, claimId, ClaimStatus.Approved, "request.revoked", (claim, now) => claim with { Status = ClaimStatus.Revoked, RevokedAt = now }, cancellationToken);
        if (outcome.Error != ClaimOutcomeError.None)
        {
            return outcome;
        }
        return outcome with { Propagation = await subscribers.WaitAppliedAsync(ns, outcome.Seq, deadline, cancellationToken) };
    }

    /// <summary>pending → expired, for requests nobody decided within the expiry period.</summary>
    public Task<ClaimOutcome> ExpireAsync(string ns, string claimId, CancellationToken cancellationToken) =>
        DecideAsync(ns, claimId, ClaimStatus.Pending, "request.expired", (claim, _) => claim with { Status = ClaimStatus.Expired, Reason = "pending_expired" }, cancellationToken);

    private async Task<ClaimOutcome> DecideAsync(string ns, string claimId, ClaimStatus expected, string eventName, Func<ClaimRecord, DateTimeOffset, ClaimRecord> apply, CancellationToken cancellationToken)
    {
        var claim = await store.Claims.GetAsync(claimId, cancellationToken);
        if (claim is null || claim.Namespace != ns)
        {
            return ClaimOutcome.Fail(ClaimOutcomeError.NotFound);
        }
        if (claim.Status != expected)
        {
            return ClaimOutcome.Fail(ClaimOutcomeError.WrongState);
        }
        var now = time.GetUtcNow();
        var change = await store.Claims.TransitionAsync(apply(claim, now) with { UpdatedAt = now }, expected, cancellationToken);
        if (change is null)
        {
            return ClaimOutcome.Fail(ClaimOutcomeError.WrongState);
        }
        await NotifyAsync(change.Claim, eventName, cancellationToken);
        return ClaimOutcome.Ok(change.Claim) with { Seq = change.Seq };
    }

    private async Task NotifyAsync(ClaimRecord claim, string eventName, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.OnClaimChangedAsync(claim, eventName, cancellationToken);
        }
    }
}
