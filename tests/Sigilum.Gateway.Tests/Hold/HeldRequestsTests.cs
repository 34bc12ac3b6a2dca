using Sigilum.Gateway.Approvals;

namespace Sigilum.Gateway.Hold;

public sealed class HeldRequestsTests
{
    private static readonly ApprovalKey AliceEcho = new("alice", "ed25519:agent-a", "echo");
    private static readonly ApprovalKey AliceOther = new("alice", "ed25519:agent-a", "other");
    private static readonly ApprovalKey BobEcho = new("alice", "ed25519:agent-b", "echo");

    [Fact]
    public void TryEnter_AgentAtItsBound_AgentFull_OtherAgentsStillAdmitted()
    {
        var held = new HeldRequests(new HoldOptions { MaxPerAgent = 2, MaxTotal = 10 });

        Assert.Equal(HoldAdmission.Admitted, held.TryEnter(AliceEcho, out _));
        // The bound is per agent key over all connections.
        Assert.Equal(HoldAdmission.Admitted, held.TryEnter(AliceOther, out _));
        Assert.Equal(HoldAdmission.AgentFull, held.TryEnter(AliceEcho, out var refused));
        Assert.Null(refused);
        Assert.Equal(HoldAdmission.Admitted, held.TryEnter(BobEcho, out _));
        Assert.Equal(3, held.Count);
    }

    [Fact]
    public void TryEnter_GatewayAtItsBound_GatewayFull()
    {
        var held = new HeldRequests(new HoldOptions { MaxPerAgent = 10, MaxTotal = 2 });

        Assert.Equal(HoldAdmission.Admitted, held.TryEnter(AliceEcho, out _));
        Assert.Equal(HoldAdmission.Admitted, held.TryEnter(BobEcho, out _));
        Assert.Equal(HoldAdmission.GatewayFull, held.TryEnter(AliceOther, out _));
    }

    [Fact]
    public void Dispose_Slot_GivesItsPlaceBack_Once()
    {
        var held = new HeldRequests(new HoldOptions { MaxPerAgent = 1, MaxTotal = 1 });
        held.TryEnter(AliceEcho, out var slot);

        slot!.Dispose();
        slot.Dispose();

        Assert.Equal(0, held.Count);
        Assert.Equal(HoldAdmission.Admitted, held.TryEnter(AliceEcho, out _));
    }

    [Fact]
    public void Changed_OneKey_WakesOnlyThatKeysSlots()
    {
        var held = new HeldRequests(new HoldOptions());
        held.TryEnter(AliceEcho, out var echo);
        held.TryEnter(AliceOther, out var other);
        var echoSignal = echo!.Signal;
        var otherSignal = other!.Signal;

        held.Changed(AliceEcho, rejected: true);

        Assert.True(echoSignal.IsCompleted);
        Assert.True(echo.Rejected);
        Assert.False(otherSignal.IsCompleted);
        Assert.False(other.Rejected);
        // A fresh signal is armed for the next change.
        Assert.False(echo.Signal.IsCompleted);
    }

    [Fact]
    public void ChangedAll_Snapshot_WakesEverySlot_RejectsNone()
    {
        var held = new HeldRequests(new HoldOptions());
        held.TryEnter(AliceEcho, out var echo);
        held.TryEnter(BobEcho, out var bob);
        var signals = new[] { echo!.Signal, bob!.Signal };

        held.ChangedAll();

        Assert.All(signals, s => Assert.True(s.IsCompleted));
        Assert.False(echo.Rejected);
        Assert.False(bob.Rejected);
    }
}
