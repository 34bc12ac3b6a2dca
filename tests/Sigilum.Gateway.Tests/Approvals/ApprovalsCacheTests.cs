using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// The approvals cache against a real control plane over real HTTP: seeding, pushed approvals and
/// revocations, scope, stream cuts, staleness and an unregistered gateway key.
/// </summary>
public sealed class ApprovalsCacheTests
{
    private const string Ns = "alice";
    private const string Service = "openai";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Snapshot_SeedsApprovedClaims()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        await cp.ApproveAsync(token, await cp.SubmitClaimAsync(agent, serviceKey, Service));
        var pending = cp.NewIdentity(Ns);
        await cp.SubmitClaimAsync(pending, serviceKey, Service);

        using var cache = NewCache(gateway, cp);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, agent));
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);

        Assert.Equal(ApprovalDecision.NotApproved, Decide(cache, pending));
        Assert.Equal(ApprovalDecision.NotApproved, cache.Decide(Ns, agent.AgentKeyHeader, "other-service", null, TimeProvider.System.GetUtcNow()));
        var status = cache.Status;
        Assert.True(status.Connected);
        Assert.True(status.Fresh);
        Assert.Equal(1, status.ApprovedCount);
        Assert.NotNull(status.LastEventId);
        Assert.NotNull(status.LastHeardFrom);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ApproveAndRevoke_ReachTheCacheWithinOneSecond()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        var claimId = await cp.SubmitClaimAsync(agent, serviceKey, Service);
        using var cache = NewCache(gateway, cp);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.NotApproved);

        var clock = Stopwatch.StartNew();
        await cp.ApproveAsync(token, claimId);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"approval reached the cache after {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        await cp.RevokeAsync(token, claimId);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.NotApproved);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"revocation reached the cache after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, cache.Status.ApprovedCount);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Revoke_AnsweredOnlyOnceTheCacheAppliedIt_AcknowledgedAndAlreadyDenied()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        var claimId = await cp.SubmitClaimAsync(agent, serviceKey, Service);
        await cp.ApproveAsync(token, claimId);
        using var cache = NewCache(gateway, cp);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);

        var revoked = await cp.RevokeAsync(token, claimId);

        // No waiting here: the answer itself means the cache already decides NotApproved (ADR 0027).
        Assert.Equal(ApprovalDecision.NotApproved, Decide(cache, agent));
        var propagation = revoked.GetProperty("propagation");
        Assert.Equal(1, propagation.GetProperty("subscribers").GetInt32());
        Assert.Equal(1, propagation.GetProperty("acknowledged").GetInt32());
        Assert.Equal(0, propagation.GetProperty("pending").GetInt32());
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_08_ApprovalExpiringExactlyAtTheDecisionInstant_IsExpired_OnTheCallersClock()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        var approved = await cp.ApproveAsync(token, await cp.SubmitClaimAsync(agent, serviceKey, Service), new { expires_in_seconds = 3600 });
        var expiresAt = approved.GetProperty("expires_at").GetDateTimeOffset();
        using var cache = NewCache(gateway, cp);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);

        // The decision clock is the caller's (CTL-08): expired exactly at expires_at, not a tick later.
        Assert.Equal(ApprovalDecision.Approved, cache.Decide(Ns, agent.AgentKeyHeader, Service, null, expiresAt.AddTicks(-1)));
        Assert.Equal(ApprovalDecision.NotApproved, cache.Decide(Ns, agent.AgentKeyHeader, Service, null, expiresAt));
        Assert.Equal(ApprovalDecision.NotApproved, cache.Decide(Ns, agent.AgentKeyHeader, Service, null, expiresAt.AddDays(1)));
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Approval_CarriesWhoApprovedAndWhen_FromTheClaimToTheCache()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        var claimId = await cp.SubmitClaimAsync(agent, serviceKey, Service);
        var approved = await cp.ApproveAsync(token, claimId);
        using var cache = NewCache(gateway, cp);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);

        // The control plane records the approver as method:owner id (ADR 0062), never the token itself.
        var approvedBy = approved.GetProperty("approved_by").GetString()!;
        Assert.StartsWith("owner_token:", approvedBy, StringComparison.Ordinal);
        Assert.DoesNotContain(token, approvedBy, StringComparison.Ordinal);
        var claim = cache.Covering(Ns, agent.AgentKeyHeader, Service, null, TimeProvider.System.GetUtcNow());
        Assert.NotNull(claim);
        Assert.Equal(claimId, claim.ClaimId);
        Assert.Equal(approvedBy, claim.ApprovedBy);
        Assert.Equal(approved.GetProperty("approved_at").GetDateTimeOffset(), claim.ApprovedAt);
        Assert.Null(cache.Covering(Ns, agent.AgentKeyHeader, "other-service", null, TimeProvider.System.GetUtcNow()));
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AllowedSubjects_LimitWhoTheAgentMayActFor()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        await cp.ApproveAsync(token, await cp.SubmitClaimAsync(agent, serviceKey, Service), new { allowed_subjects = new[] { "bob@example.com" } });
        using var cache = NewCache(gateway, cp);
        await cache.StartAsync(CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        await WaitUntilAsync(() => cache.Decide(Ns, agent.AgentKeyHeader, Service, "bob@example.com", now) == ApprovalDecision.Approved);

        Assert.Equal(ApprovalDecision.NotApproved, cache.Decide(Ns, agent.AgentKeyHeader, Service, "mallory@example.com", now));
        Assert.Equal(ApprovalDecision.NotApproved, cache.Decide(Ns, agent.AgentKeyHeader, Service, null, now));
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StreamCut_ResumesWithLastEventIdAndCatchesUp()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var first = cp.NewIdentity(Ns);
        var firstClaim = await cp.SubmitClaimAsync(first, serviceKey, Service);
        await cp.ApproveAsync(token, firstClaim);
        var second = cp.NewIdentity(Ns);
        var secondClaim = await cp.SubmitClaimAsync(second, serviceKey, Service);
        using var recorder = new RecordingHandler();
        var options = new ApprovalsCacheOptions { ControlPlaneUrl = cp.BaseUri, ControlPlaneKey = cp.ControlPlaneKey };
        using var cache = new ApprovalsCache(gateway, options, TimeProvider.System, NullLogger<ApprovalsCache>.Instance, recorder);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, first) == ApprovalDecision.Approved && cache.Status.LastEventId is not null);
        var seenBeforeCut = cache.Status.LastEventId!.Value;

        // Cut the stream, then change the claims on a new instance (same database, new port) while the
        // cache still knocks on the old address.
        await cp.RestartAsync();
        await WaitUntilAsync(() => !cache.Status.Connected);
        await cp.RevokeAsync(token, firstClaim);
        await cp.ApproveAsync(token, secondClaim);
        options.ControlPlaneUrl = cp.BaseUri;

        await WaitUntilAsync(() => Decide(cache, first) == ApprovalDecision.NotApproved && Decide(cache, second) == ApprovalDecision.Approved);
        Assert.True(cache.Status.Connected);
        Assert.True(cache.Status.LastEventId > seenBeforeCut);
        Assert.Null(recorder.LastEventIds.First());
        Assert.Contains(seenBeforeCut.ToString(System.Globalization.CultureInfo.InvariantCulture), recorder.LastEventIds.Skip(1));
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_04_SilentStreamPastTheStalenessBound_DecisionsUnavailable_UntilTheNextSignedKeepAlive()
    {
        await using var cp = await ControlPlaneFixture.StartAsync(keepAliveSeconds: 1);
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        await cp.ApproveAsync(token, await cp.SubmitClaimAsync(agent, serviceKey, Service));
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var cache = new ApprovalsCache(gateway, new ApprovalsCacheOptions { ControlPlaneUrl = cp.BaseUri, ControlPlaneKey = cp.ControlPlaneKey }, clock, NullLogger<ApprovalsCache>.Instance, signingTime: TimeProvider.System);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);

        // Nothing heard for longer than the 45 s bound: fail closed, never serve the stale approval.
        clock.Advance(TimeSpan.FromSeconds(45) + TimeSpan.FromTicks(1));
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, agent));
        Assert.False(cache.Status.Fresh);

        // A signed keep-alive is liveness: the next one (every second here) makes the cache fresh again.
        await WaitUntilAsync(() => Decide(cache, agent) == ApprovalDecision.Approved);
        Assert.Equal(clock.GetUtcNow(), cache.Status.LastHeardFrom);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task CTL_05_ControlPlaneUnreachable_ApprovalServedOnlyWithinTheBound_ThenUnavailable()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, gateway) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        await cp.ApproveAsync(token, await cp.SubmitClaimAsync(agent, serviceKey, Service));
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        using var cache = new ApprovalsCache(gateway, new ApprovalsCacheOptions { ControlPlaneUrl = cp.BaseUri, ControlPlaneKey = cp.ControlPlaneKey }, clock, NullLogger<ApprovalsCache>.Instance, signingTime: TimeProvider.System);
        await cache.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Decide(cache, agent, clock) == ApprovalDecision.Approved);

        // The control plane goes away: nothing answers on its port any more.
        await cp.StopAsync();
        await WaitUntilAsync(() => !cache.Status.Connected && cache.Status.LastError is not null);
        clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(ApprovalDecision.Approved, Decide(cache, agent, clock));
        // One tick past the bound there is no cached allow any more (fail closed, never fail open).
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, agent, clock));
        Assert.False(cache.Status.Fresh);
        await cache.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task UnregisteredGatewayKey_StaysUnavailableAndReportsTheRefusal()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var (token, serviceKey, _) = await SetUpAsync(cp);
        var agent = cp.NewIdentity(Ns);
        await cp.ApproveAsync(token, await cp.SubmitClaimAsync(agent, serviceKey, Service));
        var stranger = cp.NewIdentity(Ns);
        using var cache = NewCache(stranger, cp);
        await cache.StartAsync(CancellationToken.None);

        await WaitUntilAsync(() => cache.Status.LastStatusCode == 403);
        Assert.Equal(ApprovalDecision.Unavailable, Decide(cache, agent));
        var status = cache.Status;
        Assert.False(status.Connected);
        Assert.False(status.Fresh);
        Assert.Contains("403", status.LastError, StringComparison.Ordinal);
        await cache.StopAsync(CancellationToken.None);
    }

    private static async Task<(string Token, string ServiceKey, SigningIdentity Gateway)> SetUpAsync(ControlPlaneFixture cp)
    {
        var token = await cp.RegisterOwnerAsync(Ns);
        var serviceKey = await cp.CreateServiceAsync(token, Ns, Service);
        var gateway = cp.NewIdentity(Ns);
        await cp.RegisterGatewayAsync(token, gateway);
        return (token, serviceKey, gateway);
    }

    private static ApprovalsCache NewCache(SigningIdentity gateway, ControlPlaneFixture cp) =>
        new(gateway, new ApprovalsCacheOptions { ControlPlaneUrl = cp.BaseUri, ControlPlaneKey = cp.ControlPlaneKey }, TimeProvider.System, NullLogger<ApprovalsCache>.Instance);

    private static ApprovalDecision Decide(ApprovalsCache cache, SigningIdentity agent) =>
        cache.Decide(Ns, agent.AgentKeyHeader, Service, null, TimeProvider.System.GetUtcNow());

    private static ApprovalDecision Decide(ApprovalsCache cache, SigningIdentity agent, TimeProvider clock) =>
        cache.Decide(Ns, agent.AgentKeyHeader, Service, null, clock.GetUtcNow());

    /// <summary>Polls <paramref name="condition"/> every few milliseconds; fails after five seconds.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < WaitLimit, "condition not met within 5 s");
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }
}
