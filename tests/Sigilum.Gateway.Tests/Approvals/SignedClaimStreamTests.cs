using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// The approvals cache against a scripted control plane (real Kestrel on loopback) that signs exactly like the real
/// one (ADR 0024), with one thing broken per test: the catalogue's CTL-07 (malformed, unsigned, impostor) and CTL-06
/// (slow or partial response). The first test is the control: the same script, unbroken, is applied.
/// </summary>
public sealed class SignedClaimStreamTests : IAsyncLifetime
{
    private const string Ns = "alice";
    private const string Service = "openai";
    private const string AgentA = "ed25519:agent-a";
    private const string AgentB = "ed25519:agent-b";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private readonly Ed25519KeyPair _pinned = Ed25519KeyPair.Generate();
    private readonly SigningIdentity _gateway = SigningIdentity.FromRecord(IdentityRecord.Create(Ns, TimeProvider.System));
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private ScriptedControlPlane _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedControlPlane.StartAsync(_pinned, Ns, _gateway.AgentKeyHeader);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _gateway.Dispose();
        _pinned.Dispose();
    }

    [Fact]
    public async Task Stream_SignedWithThePinnedKey_IsApplied()
    {
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA)];
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => Decide(cache, AgentA) == ApprovalDecision.Approved);
        Assert.Equal(ApprovalDecision.NotApproved, Decide(cache, AgentB));
        Assert.True(cache.Status.Fresh);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_SignatureByteFlipped_SnapshotNeverApplied_StreamDropped()
    {
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA) with { FlipSignatureByte = true }];
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);

        // Dropped and retried: the second call proves the first connection was refused, not merely slow.
        await WaitUntilAsync(() => _server.ClaimCalls >= 2);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        Assert.StartsWith(ErrorCatalogue.ControlPlaneSignatureInvalid, cache.Status.LastError, StringComparison.Ordinal);
        Assert.False(cache.Status.Fresh);
        Assert.Null(cache.Status.LastEventId);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_UnsignedSnapshot_NeverApplied()
    {
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA) with { Unsigned = true }];
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => _server.ClaimCalls >= 2);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        Assert.StartsWith(ErrorCatalogue.ControlPlaneSignatureInvalid, cache.Status.LastError, StringComparison.Ordinal);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_DataChangedAfterSigning_NeverApplied()
    {
        // A correct signature of a snapshot approving only A, sent with data that also approves B.
        var signed = ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA);
        _server.Claims = _ => [signed with { SentData = ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA, AgentB).Data }];
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => _server.ClaimCalls >= 2);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentB));
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_OldSnapshotReplayedOnANewConnection_DoesNotResurrectARevokedApproval()
    {
        // Connection 1 (genuine): A approved, then revoked. Connection 2 and later: the recorded snapshot of
        // connection 1, byte for byte, replayed to bring A back.
        _server.EndStreamsAfterScript = true;
        string? firstChallenge = null;
        _server.Claims = call =>
        {
            if (call.Number == 1)
            {
                firstChallenge = call.Challenge;
                return [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA), ScriptedControlPlane.ClaimEvent(6, "cl_5_0", Ns, AgentA, Service, "revoked")];
            }
            return [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA) with { SignedChallenge = firstChallenge }];
        };
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => _server.ClaimCalls >= 3);
        Assert.Equal(ApprovalDecision.NotApproved, Decide(cache, AgentA));
        Assert.Equal(6L, cache.Status.LastEventId);
        Assert.StartsWith(ErrorCatalogue.ControlPlaneSignatureInvalid, cache.Status.LastError, StringComparison.Ordinal);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_EventSuppressedInTransit_TheNextEventIsRefused()
    {
        // Someone in between drops event 2 (say, a revocation); event 3 then arrives where 2 was expected.
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA), new ScriptedEvent("keep-alive", null, "{}", SignedPosition: 3)];
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => _server.ClaimCalls >= 2);
        Assert.StartsWith(ErrorCatalogue.ControlPlaneSignatureInvalid, cache.Status.LastError, StringComparison.Ordinal);
        Assert.Contains("keep-alive", cache.Status.LastError, StringComparison.Ordinal);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_NoKeyPinned_OpensNoStream_StaysUnavailable()
    {
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA)];
        using var cache = NewCache(pinned: false);
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => cache.Status.LastError is not null);
        Assert.StartsWith(ErrorCatalogue.ControlPlaneKeyNotPinned, cache.Status.LastError, StringComparison.Ordinal);
        Assert.Contains("sigilum gateway connect", cache.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(0, _server.ClaimCalls);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_07_UnsignedKeepAliveComments_ProveNoLiveness()
    {
        _server.CommentKeepAlives = true;
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA)];
        using var cache = NewCache();
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, AgentA) == ApprovalDecision.Approved);

        // Comments keep arriving every 100 ms, but only signed events count: stale past the bound, and the
        // connection that carries nothing but comments is dropped.
        _clock.Advance(TimeSpan.FromSeconds(45) + TimeSpan.FromTicks(1));
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        await WaitUntilAsync(() => _server.ClaimCalls >= 2);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_06_PartialSnapshotThenStall_NothingApplied_DecisionsDenyWithoutWaiting()
    {
        _server.Claims = _ => [ScriptedControlPlane.Snapshot(5, Ns, Service, AgentA) with { StallHalfway = true }];
        using var cache = NewCache(stalenessBound: TimeSpan.FromSeconds(1));
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => cache.Status.Connected);

        // The decision never waits for the control plane: it answers at once, from what is verified (nothing).
        var clock = Stopwatch.StartNew();
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(100), $"decision took {clock.ElapsedMilliseconds} ms");
        // The stalled connection is given up at the bound and retried; half an event is never applied.
        await WaitUntilAsync(() => _server.ClaimCalls >= 2);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, AgentA));
        Assert.Null(cache.Status.LastEventId);
        await cache.StopAsync(CancellationToken.None);
    }

    private ApprovalsCache NewCache(bool pinned = true, TimeSpan? stalenessBound = null) => new(_gateway, new ApprovalsCacheOptions
    {
        ControlPlaneUrl = _server.BaseUri,
        ControlPlaneKey = pinned ? _pinned.PublicKey.ToArray() : null,
        StalenessBound = stalenessBound ?? TimeSpan.FromSeconds(45),
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxBackoff = TimeSpan.FromMilliseconds(50),
    }, _clock, NullLogger<ApprovalsCache>.Instance, signingTime: TimeProvider.System);

    private ApprovalDecision Decide(ApprovalsCache cache, string agent) => cache.Decide(Ns, agent, Service, null, _clock.GetUtcNow());

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < WaitLimit, "condition not met within 10 s");
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }
}
