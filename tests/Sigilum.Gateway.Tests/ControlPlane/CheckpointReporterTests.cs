using Sigilum.Gateway.Audit;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>Signed audit checkpoints reaching the control plane's witness (docs/audit-witness.md).</summary>
public sealed class CheckpointReporterTests
{
    [Fact]
    public async Task Checkpoints_ReachTheWitnessAndVerifyUnderTheGatewayKey()
    {
        await using var h = await LinkHarness.StartAsync();
        using var dir = new TempDirectory();
        var options = h.Options(dir.Path);
        options.CheckpointEveryRecords = 2;
        using var client = h.Client(options);
        using var reporter = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        await reporter.StartAsync(CancellationToken.None);
        var trail = new GatewayAuditTrail(options, h.GatewayRecord.OpenKeyPair(), TimeProvider.System, LinkHarness.Log<GatewayAuditTrail>(), reporter);
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);
            await trail.RecordReleaseAsync(GatewayAuditTrailTests.Entry(), CancellationToken.None);
            await trail.RecordReleaseAsync(GatewayAuditTrailTests.Entry(), CancellationToken.None);
            await LinkHarness.WaitUntilAsync(() => reporter.LastSentSeq == 2);
        }
        await reporter.StopAsync(CancellationToken.None);

        var latest = await h.OwnerGetAsync($"v1/witness/nodes/{h.NodeId}/latest");
        Assert.Equal(2, latest.GetProperty("seq").GetInt64());
        var witnessed = AuditCheckpoint.Parse(latest.GetProperty("checkpoint").GetString()!).Value!;
        Assert.Equal(h.NodeId, witnessed.Node);
        Assert.True(AgentKeys.TryParse(h.Gateway.AgentKeyHeader, out var gatewayKey));
        Assert.True(witnessed.IsSignedBy(gatewayKey));
        Assert.Equal(trail.Head?.Hash ?? witnessed.Head, witnessed.Head);
        Assert.Equal(-1, reporter.RefusedSeq);
    }

    [Fact]
    public async Task Restart_OffersTheLastCheckpointOnDiskAgain()
    {
        await using var h = await LinkHarness.StartAsync();
        using var dir = new TempDirectory();
        var options = h.Options(dir.Path);
        // First run: no reporter at all (as if the gateway stopped before sending).
        var offline = new GatewayAuditTrail(options, h.GatewayRecord.OpenKeyPair(), TimeProvider.System, LinkHarness.Log<GatewayAuditTrail>());
        await using (offline)
        {
            await offline.RecordReleaseAsync(GatewayAuditTrailTests.Entry(), CancellationToken.None);
        }

        using var client = h.Client(options);
        using var reporter = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        await reporter.StartAsync(CancellationToken.None);
        var trail = new GatewayAuditTrail(options, h.GatewayRecord.OpenKeyPair(), TimeProvider.System, LinkHarness.Log<GatewayAuditTrail>(), reporter);
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);
            await LinkHarness.WaitUntilAsync(() => reporter.LastSentSeq == 1);
        }
        await reporter.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ReplacedLog_IsRefusedByTheWitnessAsARegression()
    {
        await using var h = await LinkHarness.StartAsync();
        using var client = h.Client();
        using var reporter = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        await reporter.StartAsync(CancellationToken.None);
        using var key = h.GatewayRecord.OpenKeyPair();
        var head3 = new AuditChainHead(3, new string('a', 64), null);
        reporter.Offer(AuditCheckpoint.Sign(h.NodeId, head3, TimeProvider.System, key));
        await LinkHarness.WaitUntilAsync(() => reporter.LastSentSeq == 3);

        // A fresh log (seq 1) from the same node after seq 3 was witnessed: a truncated or replaced log.
        var restarted = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        using (restarted)
        {
            await restarted.StartAsync(CancellationToken.None);
            restarted.Offer(AuditCheckpoint.Sign(h.NodeId, new AuditChainHead(1, new string('b', 64), null), TimeProvider.System, key));
            await LinkHarness.WaitUntilAsync(() => restarted.RefusedSeq == 1);
            await restarted.StopAsync(CancellationToken.None);
        }
        await reporter.StopAsync(CancellationToken.None);
        Assert.Equal(0, restarted.LastSentSeq);
    }

    [Fact]
    public async Task ControlPlaneDown_RetriesUntilItIsBack()
    {
        await using var h = await LinkHarness.StartAsync();
        var options = h.Options();
        var live = options.ControlPlaneUrl;
        options.ControlPlaneUrl = ClosedPort.Url();
        using var client = h.Client(options);
        using var reporter = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        await reporter.StartAsync(CancellationToken.None);
        using var key = h.GatewayRecord.OpenKeyPair();

        reporter.Offer(AuditCheckpoint.Sign(h.NodeId, new AuditChainHead(5, new string('c', 64), null), TimeProvider.System, key));
        // A newer checkpoint replaces the pending one: only the newest needs witnessing.
        reporter.Offer(AuditCheckpoint.Sign(h.NodeId, new AuditChainHead(7, new string('d', 64), null), TimeProvider.System, key));
        options.ControlPlaneUrl = live;
        await LinkHarness.WaitUntilAsync(() => reporter.LastSentSeq == 7);
        await reporter.StopAsync(CancellationToken.None);

        var latest = await h.OwnerGetAsync($"v1/witness/nodes/{h.NodeId}/latest");
        Assert.Equal(7, latest.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task NoNodeId_SendsNothing()
    {
        using var handler = new StaticHandler(System.Net.HttpStatusCode.Created, "{}");
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", NodeId = null };
        using var identity = Protocol.Signatures.SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        using var reporter = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        await reporter.StartAsync(CancellationToken.None);
        using var key = Protocol.Keys.Ed25519KeyPair.Generate();

        reporter.Offer(AuditCheckpoint.Sign("gateway", new AuditChainHead(1, new string('e', 64), null), TimeProvider.System, key));
        await reporter.StopAsync(CancellationToken.None);

        Assert.Empty(handler.Requests);
        Assert.Equal(0, reporter.LastSentSeq);
    }

    [Fact]
    public async Task Witness_AnswerSignedByThePinnedKey_CountsAsWitnessed()
    {
        var (sent, unverified) = await OfferToScriptedWitnessAsync(impostor: false, signAnswers: true);
        Assert.Equal(1, sent);
        Assert.Equal(0, unverified);
    }

    [Fact]
    public async Task CTL_07_WitnessAnswerFromAnImpostorWithAnotherKey_NotCountedAsWitnessed()
    {
        var (sent, unverified) = await OfferToScriptedWitnessAsync(impostor: true, signAnswers: true);
        Assert.Equal(0, sent);
        Assert.True(unverified >= 2);
    }

    [Fact]
    public async Task CTL_07_WitnessAnswerUnsigned_NotCountedAsWitnessed()
    {
        var (sent, unverified) = await OfferToScriptedWitnessAsync(impostor: false, signAnswers: false);
        Assert.Equal(0, sent);
        Assert.True(unverified >= 2);
    }

    /// <summary>
    /// Offers one checkpoint to a scripted witness that accepts everything (201), signing its answer with the pinned key
    /// or (impostor) another; returns the acknowledged seq and how many answers the witness gave that did not count.
    /// </summary>
    private static async Task<(long Sent, int Unverified)> OfferToScriptedWitnessAsync(bool impostor, bool signAnswers)
    {
        using var pinned = Protocol.Keys.Ed25519KeyPair.Generate();
        using var other = Protocol.Keys.Ed25519KeyPair.Generate();
        using var identity = Protocol.Signatures.SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        await using var witness = await ScriptedControlPlane.StartAsync(impostor ? other : pinned, "alice", identity.AgentKeyHeader);
        witness.SignWitnessAnswers = signAnswers;
        var options = new ControlPlaneLinkOptions
        {
            ControlPlaneUrl = witness.BaseUri, AuditDirectory = "unused", NodeId = "gw_test", ControlPlaneKey = pinned.PublicKey.ToArray(),
            InitialRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System);
        using var reporter = new CheckpointReporter(client, TimeProvider.System, LinkHarness.Log<CheckpointReporter>());
        await reporter.StartAsync(CancellationToken.None);
        using var key = Protocol.Keys.Ed25519KeyPair.Generate();

        reporter.Offer(AuditCheckpoint.Sign("gw_test", new AuditChainHead(1, new string('e', 64), null), TimeProvider.System, key));
        int Posts() => witness.Requests.Count(r => r == "POST /v1/witness/checkpoints");
        // Accepted at once, or retried: two posts prove the first answer did not count.
        await LinkHarness.WaitUntilAsync(() => reporter.LastSentSeq == 1 || Posts() >= 2);
        await reporter.StopAsync(CancellationToken.None);
        return (reporter.LastSentSeq, reporter.LastSentSeq == 1 ? Posts() - 1 : Posts());
    }
}
