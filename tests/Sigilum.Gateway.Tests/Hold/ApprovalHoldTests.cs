using Sigilum.Gateway.Approvals;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hold;

/// <summary>The wait itself, on a clock that moves only when the test moves it: nothing here ends by polling.</summary>
public sealed class ApprovalHoldTests
{
    private static readonly ApprovalKey Key = new("alice", "ed25519:agent-a", "echo");
    private static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(30);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero));
    private readonly SettableApprovals _approvals = new();
    private readonly HeldRequests _held = new(new HoldOptions());

    [Fact]
    public async Task WaitAsync_ApprovalPublished_Approved_WithoutTheTimerFiring()
    {
        var hold = new ApprovalHold(_held, _approvals, _clock);
        _held.TryEnter(Key, out var slot);
        var waiting = hold.WaitAsync(slot!, "main", HoldFor, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        _approvals.Decision = ApprovalDecision.Approved;
        _held.Changed(Key, rejected: false);

        Assert.Equal(HoldEnd.Approved, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitAsync_OtherKeyApproved_StillHeld()
    {
        var hold = new ApprovalHold(_held, _approvals, _clock);
        _held.TryEnter(Key, out var slot);
        var waiting = hold.WaitAsync(slot!, "main", HoldFor, CancellationToken.None);

        // A change elsewhere wakes nothing here; a snapshot wakes it, it looks, and it is still not approved.
        _held.Changed(Key with { Service = "other" }, rejected: false);
        _held.ChangedAll();
        await _clock.WhenTimerDueAsync(_clock.GetUtcNow() + HoldFor);

        Assert.False(waiting.IsCompleted);
        _clock.Advance(HoldFor);
        Assert.Equal(HoldEnd.TimedOut, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitAsync_OwnerRejects_Rejected()
    {
        var hold = new ApprovalHold(_held, _approvals, _clock);
        _held.TryEnter(Key, out var slot);
        var waiting = hold.WaitAsync(slot!, "main", HoldFor, CancellationToken.None);

        _held.Changed(Key, rejected: true);

        Assert.Equal(HoldEnd.Rejected, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitAsync_HoldRunsOut_TimedOut_OnlyWhenTheClockGetsThere()
    {
        var hold = new ApprovalHold(_held, _approvals, _clock);
        _held.TryEnter(Key, out var slot);
        var waiting = hold.WaitAsync(slot!, "main", HoldFor, CancellationToken.None);
        await _clock.WhenTimerDueAsync(_clock.GetUtcNow() + HoldFor);

        _clock.Advance(HoldFor - TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HoldEnd.TimedOut, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitAsync_ClientGoesAway_Abandoned()
    {
        var hold = new ApprovalHold(_held, _approvals, _clock);
        _held.TryEnter(Key, out var slot);
        using var aborted = new CancellationTokenSource();
        var waiting = hold.WaitAsync(slot!, "main", HoldFor, aborted.Token);

        await aborted.CancelAsync();

        Assert.Equal(HoldEnd.Abandoned, await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WaitAsync_AlreadyApprovedWhenItStarts_ApprovedAtOnce()
    {
        var hold = new ApprovalHold(_held, _approvals, _clock);
        _held.TryEnter(Key, out var slot);
        _approvals.Decision = ApprovalDecision.Approved;

        Assert.Equal(HoldEnd.Approved, await hold.WaitAsync(slot!, "main", HoldFor, CancellationToken.None));
    }

    private sealed class SettableApprovals : IApprovalSource
    {
        public ApprovalDecision Decision { get; set; } = ApprovalDecision.NotApproved;

        public ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => Decision;

        public ApprovedClaim? Covering(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => null; // This fake models decisions, not claims.
    }
}
