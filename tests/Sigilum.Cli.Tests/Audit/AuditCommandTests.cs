using System.Text.Json.Nodes;
using Sigilum.Core.Audit;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Audit;

/// <summary>
/// <c>audit verify</c> and <c>audit tail</c> on a log written by the audit log the gateway uses, in the home's
/// <c>gateway/audit</c>, with checkpoints signed by the home's gateway identity: 8 records, checkpoints at 3, 6 and 8.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string AuditDirectory => Path.Combine(_cli.Home, "gateway", "audit");

    private string LogFile => Path.Combine(AuditDirectory, AuditLogOptions.LogFileName);

    private AuditCheckpoint? _lastCheckpoint;

    private async Task<IdentityRecord> WriteLogAsync(int records = 8, string node = "gateway", JsonObject? delegation = null)
    {
        var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = Path.Combine(_cli.Home, "gateway"), TimeProvider = _cli.Time, GetEnvironmentVariable = _ => null });
        var identity = store.InitIdentity("alice").Value!.Record;
        using var key = identity.OpenKeyPair();
        var log = AuditLog.Open(new AuditLogOptions
        {
            Directory = AuditDirectory,
            NodeId = node,
            SigningKey = key,
            CheckpointEveryRecords = 3,
            CheckpointWritten = c => _lastCheckpoint = c,
            TimeProvider = _cli.Time,
        });
        await using (log)
        {
            for (var i = 1; i <= records; i++)
            {
                var fields = i % 2 == 1
                    ? new JsonObject { ["request_id"] = $"req_{i}", ["connection"] = "echo", ["namespace"] = "alice", ["agent_key_id"] = "key-abcdef0123456789abcdef", ["method"] = "GET", ["path"] = "/v1/models" }
                    : new JsonObject { ["release_seq"] = i - 1, ["request_id"] = $"req_{i - 1}", ["connection"] = "echo", ["status"] = 200, ["outcome"] = "ok", ["response_bytes"] = 12, ["duration_ms"] = 3 };
                if (i % 2 == 1 && delegation is not null)
                {
                    fields["delegation"] = delegation.DeepClone();
                }
                await log.AppendAsync(i % 2 == 1 ? "gateway.release" : "gateway.outcome", fields);
                _cli.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        return identity;
    }

    private List<string> Lines() => [.. File.ReadAllText(LogFile).Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private void Rewrite(IEnumerable<string> lines) => File.WriteAllText(LogFile, string.Concat(lines.Select(l => l + "\n")));

    private async Task<(int Exit, string? Code, long? Seq, long? Line)> VerifyAsync()
    {
        var run = await _cli.RunAsync("audit", "verify", "--json");
        var error = run.Json().GetProperty("error");
        return error.ValueKind == System.Text.Json.JsonValueKind.Null
            ? (run.ExitCode, null, null, null)
            : (run.ExitCode, error.GetProperty("code").GetString(), error.GetProperty("seq").GetInt64(),
                error.GetProperty("line").ValueKind == System.Text.Json.JsonValueKind.Null ? null : error.GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task Verify_IntactLog_ReportsRecordsAndCheckpoints()
    {
        await WriteLogAsync();

        var run = await _cli.RunAsync("audit", "verify", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal(8, json.GetProperty("records").GetInt64());
        Assert.Equal(3, json.GetProperty("checkpoints").GetInt32());
        Assert.Equal(3, json.GetProperty("checkpoints_matched").GetInt32());
        Assert.Equal(8, json.GetProperty("head").GetProperty("seq").GetInt64());
        var human = await _cli.RunAsync("audit", "verify");
        Assert.Contains("intact", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LiveLogEndingInPreallocatedZeros_IsIntact()
    {
        await WriteLogAsync();
        // What a running (or crashed) gateway's log looks like: its records, then zeros up to the chunk end (ADR 0031).
        using (var stream = new FileStream(LogFile, FileMode.Append, FileAccess.Write))
        {
            stream.Write(new byte[4096]);
        }

        var run = await _cli.RunAsync("audit", "verify", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Json().GetProperty("valid").GetBoolean());
        Assert.Equal(8, run.Json().GetProperty("records").GetInt64());
        var tail = await _cli.RunAsync("audit", "tail", "-n", "2", "--json");
        Assert.True(tail.ExitCode == 0, tail.ToString());
        Assert.Equal(2, tail.Json().GetProperty("records").GetArrayLength());
    }

    [Fact]
    public void TailFollow_ChunkEndingInPreallocatedZeros_AdvancesPastTheRecordsOnly()
    {
        byte[] chunk = [.. "{\"seq\":1}\n{\"se"u8, .. new byte[100]];

        Assert.Equal(14, Sigilum.CommandLine.Audit.AuditFileReader.WrittenLength(chunk));
        Assert.Equal(0, Sigilum.CommandLine.Audit.AuditFileReader.WrittenLength(new byte[100]));
        Assert.Equal(10, Sigilum.CommandLine.Audit.AuditFileReader.WrittenLength("{\"seq\":1}\n"u8));
    }

    [Fact]
    public async Task Verify_EditedRecord_FailsAtThatSeq()
    {
        await WriteLogAsync();
        var lines = Lines();
        lines[4] = lines[4].Replace("\"connection\":\"echo\"", "\"connection\":\"evil\"", StringComparison.Ordinal);
        Rewrite(lines);

        var (exit, code, seq, line) = await VerifyAsync();

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(ErrorCatalogue.AuditHashMismatch, code);
        Assert.Equal(5, seq);
        Assert.Equal(5, line);
        var human = await _cli.RunAsync("audit", "verify");
        Assert.Contains("broken", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("at seq 5 (line 5)", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ReorderedRecords_FailsAtTheFirstMovedSeq()
    {
        await WriteLogAsync();
        var lines = Lines();
        (lines[3], lines[4]) = (lines[4], lines[3]);
        Rewrite(lines);

        var (exit, code, seq, line) = await VerifyAsync();

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(ErrorCatalogue.AuditSequenceGap, code);
        Assert.Equal(4, seq);
        Assert.Equal(4, line);
    }

    [Fact]
    public async Task Verify_DeletedRecord_FailsAtTheMissingSeq()
    {
        await WriteLogAsync();
        var lines = Lines();
        lines.RemoveAt(4);
        Rewrite(lines);

        var (exit, code, seq, line) = await VerifyAsync();

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(ErrorCatalogue.AuditSequenceGap, code);
        Assert.Equal(5, seq);
        Assert.Equal(5, line);
    }

    [Fact]
    public async Task Verify_TruncatedBelowACheckpoint_FailsAtTheFirstMissingSeq()
    {
        await WriteLogAsync();
        Rewrite(Lines().Take(5));

        var (exit, code, seq, _) = await VerifyAsync();

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(ErrorCatalogue.AuditTruncated, code);
        Assert.Equal(6, seq);
    }

    [Fact]
    public async Task Verify_CheckpointsSignedByAnotherKey_AreRefused()
    {
        await WriteLogAsync();
        // Another gateway identity in its place: the log's checkpoints no longer match the trusted key.
        var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = Path.Combine(_cli.Home, "gateway"), TimeProvider = _cli.Time, GetEnvironmentVariable = _ => null });
        Assert.True(store.InitIdentity("alice", force: true).IsSuccess);

        var (exit, code, _, _) = await VerifyAsync();

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(ErrorCatalogue.AuditCheckpointInvalid, code);
    }

    [Fact]
    public async Task Verify_TornLastLine_IsReportedAndExitsOne()
    {
        await WriteLogAsync();
        File.AppendAllText(LogFile, "{\"v\":1,\"seq\":9,");

        var run = await _cli.RunAsync("audit", "verify", "--json");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Equal(9, run.Json().GetProperty("torn_tail").GetProperty("line").GetInt64());
    }

    [Fact]
    public async Task Verify_NoLog_ExitsNotFound()
    {
        var run = await _cli.RunAsync("audit", "verify");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("no audit log", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_LastRecords_ShowsChosenFieldsOnly()
    {
        await WriteLogAsync();

        var json = await _cli.RunAsync("audit", "tail", "-n", "2", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var records = json.Json().GetProperty("records").EnumerateArray().ToList();
        Assert.Equal([7L, 8L], records.Select(r => r.GetProperty("seq").GetInt64()));
        Assert.Equal("gateway.release", records[0].GetProperty("type").GetString());
        Assert.Equal("echo", records[0].GetProperty("connection").GetString());
        Assert.Equal(200, records[1].GetProperty("status").GetInt32());
        Assert.False(records[1].TryGetProperty("response_bytes", out _));
        Assert.False(records[0].TryGetProperty("hash", out _));

        var human = await _cli.RunAsync("audit", "tail");
        Assert.Contains("gateway.outcome", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("GET /v1/models", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("200 ok", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_ReleaseWithDelegation_ShowsTheChainAndTheLogVerifies()
    {
        await WriteLogAsync(records: 2, delegation: new JsonObject
        {
            ["namespace"] = "alice", ["agent_key_id"] = "key-abcdef0123456789abcdef", ["subject"] = "bob@example.com",
            ["approval"] = new JsonObject
            {
                ["claim_id"] = "cl_0123456789abcdef01234567", ["approved_by"] = "dashboard:own_alice", ["approved_at"] = "2026-12-07T22:40:01.123Z",
                ["scope"] = new JsonObject { ["expires_at"] = "2026-12-08T22:40:01.000Z", ["allowed_subjects"] = new JsonArray("bob@example.com"), ["future"] = "x" },
                ["unknown"] = "not shown",
            },
        });

        var json = await _cli.RunAsync("audit", "tail", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var delegation = json.Json().GetProperty("records")[0].GetProperty("delegation");
        Assert.Equal("alice", delegation.GetProperty("namespace").GetString());
        Assert.Equal("bob@example.com", delegation.GetProperty("subject").GetString());
        var approval = delegation.GetProperty("approval");
        Assert.Equal("cl_0123456789abcdef01234567", approval.GetProperty("claim_id").GetString());
        Assert.Equal("dashboard:own_alice", approval.GetProperty("approved_by").GetString());
        Assert.Equal("2026-12-07T22:40:01.123Z", approval.GetProperty("approved_at").GetString());
        Assert.Equal("2026-12-08T22:40:01.000Z", approval.GetProperty("scope").GetProperty("expires_at").GetString());
        // Only known members, as for the record's own fields.
        Assert.False(approval.TryGetProperty("unknown", out _));
        Assert.False(approval.GetProperty("scope").TryGetProperty("future", out _));
        Assert.False(json.Json().GetProperty("records")[1].TryGetProperty("delegation", out _));

        var human = await _cli.RunAsync("audit", "tail");
        // The table may wrap a long cell at its spaces; each part of the chain stays whole.
        Assert.Contains("cl_0123456789abcdef01234567", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("dashboard:own_alice", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("2026-12-07T22:40:01.123Z", human.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("audit", "verify")).ExitCode);
    }

    [Fact]
    public async Task Verify_Witness_CatchesALogRewrittenWithItsLocalCheckpoints()
    {
        _cli.UseNetwork();
        await using var server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = server.Url;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("auth", "login")).ExitCode);
        var store = new IdentityStore(new IdentityStoreOptions { HomeDirectory = Path.Combine(_cli.Home, "gateway"), TimeProvider = _cli.Time, GetEnvironmentVariable = _ => null });
        var gateway = store.InitIdentity("alice").Value!.Record;
        string nodeId;
        using (var owner = new HttpClient())
        {
            owner.DefaultRequestHeaders.Authorization = new("Bearer", server.StoredToken(_cli.Home, "alice"));
            var registered = await owner.PostAsync(server.Url + "/v1/namespaces/alice/nodes", new StringContent(
                $$"""{"kind":"gateway","name":"gw-test","public_key":"{{gateway.PublicKey}}"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync());
            nodeId = JsonNode.Parse(await registered.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        }
        await WriteLogAsync(8, nodeId);
        using (var signing = Sigilum.Protocol.Signatures.SigningIdentity.FromRecord(gateway))
        using (var node = new HttpClient(new Sigilum.Sdk.Signing.SigilumSigningHandler(signing, new() { TimeProvider = _cli.Time }, new SocketsHttpHandler())))
        {
            var sent = await node.PostAsync(server.Url + "/v1/witness/checkpoints", new StringContent(_lastCheckpoint!.ToString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        }

        var intact = await _cli.RunAsync("audit", "verify", "--witness", "--json");
        Assert.True(intact.ExitCode == 0, intact.ToString());
        Assert.True(intact.Json().GetProperty("witness").GetProperty("witnessed").GetBoolean());
        Assert.Equal(8, intact.Json().GetProperty("witness").GetProperty("seq").GetInt64());

        // A new, shorter chain with fresh local checkpoints verifies on its own; only the witness shows the loss.
        Directory.Delete(AuditDirectory, recursive: true);
        await WriteLogAsync(5, nodeId);
        Assert.Equal(0, (await _cli.RunAsync("audit", "verify")).ExitCode);
        var rewritten = await _cli.RunAsync("audit", "verify", "--witness", "--json");
        Assert.Equal(ExitCodes.CheckFailed, rewritten.ExitCode);
        Assert.Equal(ErrorCatalogue.AuditTruncated, rewritten.Json().GetProperty("error").GetProperty("code").GetString());
    }
}
