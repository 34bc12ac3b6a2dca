using Sigilum.Gateway.Approvals;

namespace Sigilum.Gateway.Hold;

/// <summary>
/// Holds an unapproved request while the owner decides (ADR 0055): waits on the request's <see cref="HoldSlot"/> until the
/// pushed approvals say approved, the owner rejects, the hold runs out or the client goes away. Nothing polls: the approvals
/// stream, a <see cref="TimeProvider"/> timer and <c>RequestAborted</c> each complete the slot's signal, and the request
/// looks at the published approvals again only then.
/// </summary>
internal sealed class ApprovalHold(HeldRequests held, IApprovalSource approvals, TimeProvider time)
{
    /// <summary>Takes a slot for <paramref name="key"/> (see <see cref="HeldRequests.TryEnter"/>).</summary>
    public HoldAdmission TryEnter(ApprovalKey key, out HoldSlot? slot) => held.TryEnter(key, out slot);

    /// <summary>Waits up to <paramref name="holdFor"/> for <paramref name="slot"/>'s key to be approved for <paramref name="subject"/>.</summary>
    public async Task<HoldEnd> WaitAsync(HoldSlot slot, string? subject, TimeSpan holdFor, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(slot);
        using var timeout = new CancellationTokenSource(holdFor, time);
        await using var onTimeout = timeout.Token.UnsafeRegister(static s => ((HoldSlot)s!).Wake(rejected: false), slot).ConfigureAwait(false);
        await using var onAbort = aborted.UnsafeRegister(static s => ((HoldSlot)s!).Wake(rejected: false), slot).ConfigureAwait(false);
        while (true)
        {
            var signal = slot.Signal;
            if (aborted.IsCancellationRequested)
            {
                return HoldEnd.Abandoned;
            }
            var key = slot.Key;
            if (approvals.Decide(key.Namespace, key.PublicKey, key.Service, subject, time.GetUtcNow()) == ApprovalDecision.Approved)
            {
                return HoldEnd.Approved;
            }
            if (slot.Rejected)
            {
                return HoldEnd.Rejected;
            }
            if (timeout.IsCancellationRequested)
            {
                return HoldEnd.TimedOut;
            }
            await signal.ConfigureAwait(false);
        }
    }
}
