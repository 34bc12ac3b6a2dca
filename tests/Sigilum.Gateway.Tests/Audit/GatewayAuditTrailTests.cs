using System.Collections.Frozen;
using System.Text.Json;
using Sigilum.Core.Audit;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.Gateway.Audit;

/// <summary>The gateway's durable audit trail (DESIGN §4 "Audit") on real files.</summary>
public sealed class GatewayAuditTrailTests
{
    [Fact]
    public async Task RecordReleaseAsync_RecordIsOnDiskWhenItReturns()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);

            var ticket = await trail.RecordReleaseAsync(Entry() with { Path = "/v1/search?api_key=sk-secret&q=1" }, CancellationToken.None);

            Assert.NotNull(ticket);
            Assert.Equal(1, ticket.Seq);
            // Read while the log is still open: the record is in the file, not in a buffer.
            var record = JsonDocument.Parse(ReadLines(dir.Path, AuditLogOptions.LogFileName).Single()).RootElement;
            Assert.Equal(GatewayAuditTrail.ReleaseType, record.GetProperty("type").GetString());
            Assert.Equal("req-1", record.GetProperty("request_id").GetString());
            Assert.Equal("openai", record.GetProperty("connection").GetString());
            Assert.Equal("alice", record.GetProperty("namespace").GetString());
            Assert.Equal("bob@example.com", record.GetProperty("subject").GetString());
            Assert.Equal("GET", record.GetProperty("method").GetString());
            Assert.Equal("/v1/search", record.GetProperty("path").GetString());
            Assert.Equal(3, record.GetProperty("secret_version").GetInt64());
            Assert.DoesNotContain("sk-secret", File.ReadAllText(Path.Combine(dir.Path, AuditLogOptions.LogFileName)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RecordOutcomeAsync_FollowsTheReleaseAndTheChainVerifies()
    {
        using var dir = new TempDirectory();
        var (trail, publicKey) = Open(dir.Path);
        await using (trail)
        {
            var ticket = await trail.RecordReleaseAsync(Entry(), CancellationToken.None);
            await trail.RecordOutcomeAsync(ticket!, 200, "success", 1234, TimeSpan.FromMilliseconds(56));
        }

        var lines = ReadLines(dir.Path, AuditLogOptions.LogFileName);
        Assert.Equal(2, lines.Count);
        var outcome = JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(GatewayAuditTrail.OutcomeType, outcome.GetProperty("type").GetString());
        Assert.Equal(1, outcome.GetProperty("release_seq").GetInt64());
        Assert.Equal(200, outcome.GetProperty("status").GetInt32());
        Assert.Equal(1234, outcome.GetProperty("response_bytes").GetInt64());
        Assert.Equal(56, outcome.GetProperty("duration_ms").GetInt64());
        var checkpoints = ReadLines(dir.Path, AuditLogOptions.CheckpointFileName).Select(l => AuditCheckpoint.Parse(l).Value!).ToList();
        var verification = AuditChainVerifier.Verify(lines, new AuditVerifyOptions { TrustedKeys = [publicKey], Checkpoints = checkpoints, ExpectedNode = "gw_test" });
        Assert.True(verification.Valid, verification.Code);
        Assert.Equal(2, verification.RecordsVerified);
        // Closing wrote a final checkpoint covering the tail.
        Assert.Equal(2, checkpoints[^1].Seq);
    }

    [Fact]
    public async Task RecordReleaseAsync_EveryNRecords_WritesACheckpointSignedByTheGateway()
    {
        using var dir = new TempDirectory();
        var (trail, publicKey) = Open(dir.Path, everyRecords: 2);
        await using (trail)
        {
            await trail.RecordReleaseAsync(Entry(), CancellationToken.None);
            await trail.RecordReleaseAsync(Entry() with { RequestId = "req-2" }, CancellationToken.None);
            await LinkHarness.WaitUntilAsync(() => File.Exists(Path.Combine(dir.Path, AuditLogOptions.CheckpointFileName)) && ReadLines(dir.Path, AuditLogOptions.CheckpointFileName).Count == 1);

            var checkpoint = AuditCheckpoint.Parse(ReadLines(dir.Path, AuditLogOptions.CheckpointFileName).Single()).Value!;
            Assert.Equal(2, checkpoint.Seq);
            Assert.Equal("gw_test", checkpoint.Node);
            Assert.True(checkpoint.IsSignedBy(publicKey));
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_DirectoryCannotBeCreated_ReturnsNull()
    {
        using var dir = new TempDirectory();
        // A regular file where the audit directory's parent should be: no user, root included, can create it.
        var blocker = Path.Combine(dir.Path, "not-a-directory");
        await File.WriteAllTextAsync(blocker, "x");
        var (trail, _) = Open(Path.Combine(blocker, "audit"));
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);

            var ticket = await trail.RecordReleaseAsync(Entry(), CancellationToken.None);

            Assert.Null(ticket);
            Assert.False(trail.IsAvailable);
        }
    }

    [Fact]
    public async Task STO_02_StorageFixed_StaysFailedWhateverTheClock_UntilTheOperatorReopens()
    {
        using var dir = new TempDirectory();
        var blocker = Path.Combine(dir.Path, "data");
        await File.WriteAllTextAsync(blocker, "x");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new ControlPlaneLinkOptions { AuditDirectory = Path.Combine(blocker, "audit"), NodeId = "gw_test" };
        var trail = new GatewayAuditTrail(options, Ed25519KeyPair.Generate(), clock, LinkHarness.Log<GatewayAuditTrail>());
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);
            Assert.Null(await trail.RecordReleaseAsync(Entry(), CancellationToken.None));

            // Storage is fixed, and time passes: nothing reopens the log by itself.
            File.Delete(blocker);
            clock.Advance(TimeSpan.FromHours(1));
            Assert.Null(await trail.RecordReleaseAsync(Entry(), CancellationToken.None));
            Assert.False(trail.IsAvailable);
            Assert.NotNull(trail.FailureReason);

            Assert.Null(await trail.ReopenAsync(CancellationToken.None));
            var ticket = await trail.RecordReleaseAsync(Entry(), CancellationToken.None);

            Assert.True(trail.IsAvailable);
            // The reopen itself is the first record of the chain, naming the failure it ended.
            Assert.Equal(2, ticket?.Seq);
            var reopened = JsonDocument.Parse(ReadLines(options.AuditDirectory, AuditLogOptions.LogFileName)[0]).RootElement;
            Assert.Equal(GatewayAuditTrail.ReopenedType, reopened.GetProperty("type").GetString());
            Assert.Contains("DirectoryNotFoundException", reopened.GetProperty("previous_failure").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task STO_04_AuditFileDeleted_ReleaseRefused_UntilTheOperatorReopens()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);
            Assert.NotNull(await trail.RecordReleaseAsync(Entry(), CancellationToken.None));

            File.Delete(Path.Combine(dir.Path, AuditLogOptions.LogFileName));

            Assert.Null(await trail.RecordReleaseAsync(Entry(), CancellationToken.None));
            Assert.False(trail.IsAvailable);
            Assert.Contains("deleted, renamed or replaced", trail.FailureReason, StringComparison.Ordinal);
            Assert.Null(await trail.RecordReleaseAsync(Entry(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task ReopenAsync_LogWorking_DoesNothing()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);
            Assert.NotNull(await trail.RecordReleaseAsync(Entry(), CancellationToken.None));

            Assert.Null(await trail.ReopenAsync(CancellationToken.None));

            Assert.Single(ReadLines(dir.Path, AuditLogOptions.LogFileName));
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_BackendsNamed_AreRecordedByNameOnly()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.RecordReleaseAsync(Entry() with { Backends = ["vault1"] }, CancellationToken.None);

            var record = JsonDocument.Parse(ReadLines(dir.Path, AuditLogOptions.LogFileName).Single()).RootElement;
            Assert.Equal("vault1", record.GetProperty("backends")[0].GetString());
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_OptionalFieldsEmpty_AreLeftOut()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.RecordReleaseAsync(Entry() with { Subject = "", AgentId = null, RemoteIp = null, SecretVersion = null, Backends = [] }, CancellationToken.None);

            var record = JsonDocument.Parse(ReadLines(dir.Path, AuditLogOptions.LogFileName).Single()).RootElement;
            var names = record.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["agent_key_id", "connection", "delegation", "hash", "method", "namespace", "path", "prev", "request_id", "seq", "ts", "type", "v"], names);
            // No approval named and no subject: the chain holds what is known and leaves the rest out.
            var delegation = record.GetProperty("delegation").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Equal(["agent_key_id", "namespace"], delegation);
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_AllFieldsSet_LineIsWhatTheJsonObjectEncoderGives()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.RecordReleaseAsync(Entry() with { AgentId = "agent-7", Backends = ["vault1", "env"], Path = "/v1/ünï?x=1", Approval = Approval() }, CancellationToken.None);

            var line = ReadLines(dir.Path, AuditLogOptions.LogFileName).Single();
            var record = AuditRecord.Parse(System.Text.Encoding.UTF8.GetBytes(line)).Value!;
            var expected = new System.Text.Json.Nodes.JsonObject
            {
                ["request_id"] = "req-1", ["connection"] = "openai", ["namespace"] = "alice", ["agent_key_id"] = "did:sigilum:alice#key-1",
                ["method"] = "GET", ["path"] = "/v1/ünï", ["subject"] = "bob@example.com", ["agent_id"] = "agent-7", ["remote_ip"] = "203.0.113.7",
                ["secret_version"] = 3L, ["backends"] = new System.Text.Json.Nodes.JsonArray("vault1", "env"),
                ["delegation"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["namespace"] = "alice", ["agent_key_id"] = "did:sigilum:alice#key-1", ["subject"] = "bob@example.com",
                    ["approval"] = new System.Text.Json.Nodes.JsonObject
                    {
                        ["claim_id"] = "cl_0123456789abcdef01234567", ["approved_by"] = "dashboard:own_alice", ["approved_at"] = "2026-12-07T22:40:01.123Z",
                        ["scope"] = new System.Text.Json.Nodes.JsonObject
                        {
                            ["expires_at"] = "2026-12-08T22:40:01.000Z", ["allowed_subjects"] = new System.Text.Json.Nodes.JsonArray("alice@example.com", "bob@example.com"),
                        },
                    },
                },
            };
            Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, record.GetFields()));
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_RequestAborted_ThrowsAndTheRecordStillStands()
    {
        using var dir = new TempDirectory();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            // Opened at start, as the host does: the request finds the log open.
            await trail.StartAsync(CancellationToken.None);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => trail.RecordReleaseAsync(Entry(), aborted.Token));

            // No ticket, so nothing is released; the record was queued and is written either way.
            await trail.FlushAsync();
            var record = JsonDocument.Parse(ReadLines(dir.Path, AuditLogOptions.LogFileName).Single()).RootElement;
            Assert.Equal("req-1", record.GetProperty("request_id").GetString());
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_LogHeldByAnotherWriter_ReturnsNull()
    {
        using var dir = new TempDirectory();
        var (first, _) = Open(dir.Path);
        var (second, _) = Open(dir.Path);
        await using (first)
        await using (second)
        {
            Assert.NotNull(await first.RecordReleaseAsync(Entry(), CancellationToken.None));

            Assert.Null(await second.RecordReleaseAsync(Entry(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_AfterReopen_ContinuesTheChain()
    {
        using var dir = new TempDirectory();
        using var key = Ed25519KeyPair.Generate();
        var seed = key.ExportSeed();
        var (first, _) = Open(dir.Path, seed: seed);
        await using (first)
        {
            await first.RecordReleaseAsync(Entry(), CancellationToken.None);
        }
        var (second, _) = Open(dir.Path, seed: seed);
        await using (second)
        {
            var ticket = await second.RecordReleaseAsync(Entry(), CancellationToken.None);

            Assert.Equal(2, ticket!.Seq);
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_CheckpointsSignedByAnotherKey_RefusesToAudit()
    {
        using var dir = new TempDirectory();
        var (first, _) = Open(dir.Path);
        await using (first)
        {
            await first.RecordReleaseAsync(Entry(), CancellationToken.None);
        }
        // Same directory, another key: the log's checkpoints do not verify, so it is not trusted.
        var (second, _) = Open(dir.Path);
        await using (second)
        {
            Assert.Null(await second.RecordReleaseAsync(Entry(), CancellationToken.None));
        }
    }

    [Fact]
    public async Task RecordOutcomeAsync_WriterBusyInASync_CompletesWithoutWaiting_AndIsDurableAfterDispose()
    {
        using var dir = new TempDirectory();
        using var gate = new ManualResetEventSlim(false);
        var faults = new AuditFaults();
        var key = Ed25519KeyPair.Generate();
        var publicKey = key.PublicKey.ToArray();
        var options = new ControlPlaneLinkOptions
        {
            AuditDirectory = dir.Path, NodeId = "gw_test", AuditLogHook = o => FaultyAuditFile.Inject(o, faults),
        };
        var trail = new GatewayAuditTrail(options, key, TimeProvider.System, LinkHarness.Log<GatewayAuditTrail>());
        await using (trail)
        {
            await trail.StartAsync(CancellationToken.None);
            var ticket = await trail.RecordReleaseAsync(Entry(), CancellationToken.None);

            // Another request's release holds the writer in its sync: this request's outcome does not wait for it.
            faults.SyncGate = gate;
            var otherRelease = trail.RecordReleaseAsync(Entry() with { RequestId = "req-2" }, CancellationToken.None);
            await faults.SyncEntered.Task;
            var outcome = trail.RecordOutcomeAsync(ticket!, 200, "success", 10, TimeSpan.FromMilliseconds(5));

            Assert.True(outcome.IsCompletedSuccessfully);
            Assert.False(otherRelease.IsCompleted);
            gate.Set();
            Assert.NotNull(await otherRelease);
        }

        var lines = ReadLines(dir.Path, AuditLogOptions.LogFileName);
        var types = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Contains(GatewayAuditTrail.OutcomeType, types);
        var checkpoints = ReadLines(dir.Path, AuditLogOptions.CheckpointFileName).Select(l => AuditCheckpoint.Parse(l).Value!).ToList();
        var verification = AuditChainVerifier.Verify(lines, new AuditVerifyOptions { TrustedKeys = [publicKey], Checkpoints = checkpoints, ExpectedNode = "gw_test" });
        Assert.True(verification.Valid, verification.Code);
        Assert.Equal(verification.Head.Seq, checkpoints.Max(c => c.Seq));
    }

    [Fact]
    public async Task RecordReleaseAsync_ApprovalNamed_DelegationBytesArePinned()
    {
        using var dir = new TempDirectory();
        var (trail, _) = Open(dir.Path);
        await using (trail)
        {
            await trail.RecordReleaseAsync(Entry() with { Approval = Approval() }, CancellationToken.None);

            // The shape other tools read (sigilum audit tail, the dashboard, ADR 0062), byte for byte: canonical member
            // order at every level, times as the record's own ts, subjects sorted.
            var line = ReadLines(dir.Path, AuditLogOptions.LogFileName).Single();
            Assert.Contains(
                "\"delegation\":{\"agent_key_id\":\"did:sigilum:alice#key-1\",\"approval\":{\"approved_at\":\"2026-12-07T22:40:01.123Z\"," +
                "\"approved_by\":\"dashboard:own_alice\",\"claim_id\":\"cl_0123456789abcdef01234567\",\"scope\":{\"allowed_subjects\":" +
                "[\"alice@example.com\",\"bob@example.com\"],\"expires_at\":\"2026-12-08T22:40:01.000Z\"}},\"namespace\":\"alice\"," +
                "\"subject\":\"bob@example.com\"}", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RecordReleaseAsync_ClaimApprovedBeforeApproverWasRecorded_ApproverLeftOutAndChainVerifies()
    {
        using var dir = new TempDirectory();
        var (trail, publicKey) = Open(dir.Path);
        await using (trail)
        {
            var old = Approval() with { ApprovedBy = null, ApprovedAt = null, ExpiresAt = null, AllowedSubjects = FrozenSet<string>.Empty };
            await trail.RecordReleaseAsync(Entry() with { Approval = old }, CancellationToken.None);
        }

        var lines = ReadLines(dir.Path, AuditLogOptions.LogFileName);
        var approval = JsonDocument.Parse(lines[0]).RootElement.GetProperty("delegation").GetProperty("approval");
        Assert.Equal("{\"claim_id\":\"cl_0123456789abcdef01234567\",\"scope\":{}}", approval.GetRawText());
        var checkpoints = ReadLines(dir.Path, AuditLogOptions.CheckpointFileName).Select(l => AuditCheckpoint.Parse(l).Value!).ToList();
        var verification = AuditChainVerifier.Verify(lines, new AuditVerifyOptions { TrustedKeys = [publicKey], Checkpoints = checkpoints, ExpectedNode = "gw_test" });
        Assert.True(verification.Valid, verification.Code);
    }

    [Fact]
    public async Task RecordReleaseAsync_SameClaimTwiceThenItsUpdate_EachRecordNamesTheClaimAsItWasThen()
    {
        using var dir = new TempDirectory();
        var (trail, publicKey) = Open(dir.Path);
        await using (trail)
        {
            // The approval's fields are built once per claim object and reused; the owner's change arrives as a new object.
            var claim = Approval();
            await trail.RecordReleaseAsync(Entry() with { Approval = claim }, CancellationToken.None);
            await trail.RecordReleaseAsync(Entry() with { RequestId = "req-2", Approval = claim }, CancellationToken.None);
            var narrowed = claim with { AllowedSubjects = new[] { "bob@example.com" }.ToFrozenSet(StringComparer.Ordinal), ApprovedBy = "cli:own_alice" };
            await trail.RecordReleaseAsync(Entry() with { RequestId = "req-3", Approval = narrowed }, CancellationToken.None);
        }

        var lines = ReadLines(dir.Path, AuditLogOptions.LogFileName);
        string ApprovalOf(int i) => JsonDocument.Parse(lines[i]).RootElement.GetProperty("delegation").GetProperty("approval").GetRawText();
        Assert.Equal(ApprovalOf(0), ApprovalOf(1));
        Assert.Contains("\"approved_by\":\"dashboard:own_alice\"", ApprovalOf(0), StringComparison.Ordinal);
        Assert.Contains("\"allowed_subjects\":[\"alice@example.com\",\"bob@example.com\"]", ApprovalOf(1), StringComparison.Ordinal);
        Assert.Contains("\"approved_by\":\"cli:own_alice\"", ApprovalOf(2), StringComparison.Ordinal);
        Assert.Contains("\"allowed_subjects\":[\"bob@example.com\"]", ApprovalOf(2), StringComparison.Ordinal);
        var checkpoints = ReadLines(dir.Path, AuditLogOptions.CheckpointFileName).Select(l => AuditCheckpoint.Parse(l).Value!).ToList();
        Assert.True(AuditChainVerifier.Verify(lines, new AuditVerifyOptions { TrustedKeys = [publicKey], Checkpoints = checkpoints, ExpectedNode = "gw_test" }).Valid);
    }

    private static ApprovedClaim Approval() =>
        new("cl_0123456789abcdef01234567", new ApprovalKey("alice", "ed25519:key", "openai"),
            DateTimeOffset.Parse("2026-12-08T22:40:01Z", System.Globalization.CultureInfo.InvariantCulture),
            new[] { "bob@example.com", "alice@example.com" }.ToFrozenSet(StringComparer.Ordinal))
        {
            ApprovedBy = "dashboard:own_alice",
            ApprovedAt = DateTimeOffset.Parse("2026-12-07T22:40:01.1234567Z", System.Globalization.CultureInfo.InvariantCulture),
        };

    internal static ReleaseAuditEntry Entry() => new()
    {
        RequestId = "req-1", ConnectionId = "openai", Namespace = "alice", Subject = "bob@example.com",
        AgentKeyId = "did:sigilum:alice#key-1", Method = "GET", Path = "/v1/models", SecretVersion = 3, RemoteIp = "203.0.113.7",
    };

    private static (GatewayAuditTrail Trail, byte[] PublicKey) Open(string directory, int everyRecords = 1000, byte[]? seed = null)
    {
        var key = seed is null ? Ed25519KeyPair.Generate() : Ed25519KeyPair.FromSeed(seed);
        var publicKey = key.PublicKey.ToArray();
        var options = new ControlPlaneLinkOptions { AuditDirectory = directory, NodeId = "gw_test", CheckpointEveryRecords = everyRecords };
        return (new GatewayAuditTrail(options, key, TimeProvider.System, LinkHarness.Log<GatewayAuditTrail>()), publicKey);
    }

    private static List<string> ReadLines(string directory, string file)
    {
        using var stream = new FileStream(Path.Combine(directory, file), FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            // A log that is still open ends in preallocated zeros after its last record (ADR 0031).
            if (line.TrimEnd('\0').Length > 0)
            {
                lines.Add(line);
            }
        }
        return lines;
    }
}
