using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Core.Audit;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Audit;

/// <summary>
/// The vault's audit trail (DESIGN §4, reliability STO-05..07): release before credential, outcome
/// linked to release, chain and checkpoints verify, and every kind of tampering names its first bad line.
/// </summary>
public sealed class VaultAuditTests
{
    private static async Task<string[]> RunTrafficAndStopAsync(VaultHarness harness)
    {
        var client = harness.CreateClient();
        using (var ok = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using (var denied = await harness.CreateClient().SendAsync(harness.Request(HttpMethod.Get, "/b", null)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
        using (var ok2 = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/c")))
        {
            Assert.Equal(HttpStatusCode.OK, ok2.StatusCode);
        }
        await harness.Host.DisposeAsync();
        return File.ReadAllLines(AuditFiles.LogPath(harness.Paths));
    }

    [Fact]
    public async Task Release_IsRecordedBeforeOutcome_LinkingAttestationAndOutcome()
    {
        await using var harness = await VaultHarness.StartAsync();
        var lines = await RunTrafficAndStopAsync(harness);
        await harness.RestartProxyAsync();

        var records = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var release = records.First(r => (string?)r["type"] == VaultAuditTypes.Release);
        var outcome = records.First(r => (string?)r["type"] == VaultAuditTypes.Outcome);
        Assert.True((long)release["seq"]! < (long)outcome["seq"]!);
        Assert.Equal((long)release["seq"]!, (long)outcome["release"]!);
        Assert.Equal(200, (int)outcome["status"]!);
        Assert.Equal("ok", (string?)outcome["outcome"]);
        Assert.Equal(64, ((string?)release["intentHash"])!.Length);
        Assert.False(string.IsNullOrEmpty((string?)release["jti"]));
        Assert.Contains(records, r => (string?)r["type"] == VaultAuditTypes.Deny && (string?)r["code"] == "ATTESTATION_MISSING");
        Assert.DoesNotContain(VaultHarness.Secret, string.Join('\n', lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_UntouchedLog_IsValidWithCheckpoints()
    {
        await using var harness = await VaultHarness.StartAsync();
        await RunTrafficAndStopAsync(harness);

        var result = AuditFiles.Verify(harness.Paths);

        Assert.True(result.Valid, result.Error?.ToString());
        Assert.True(result.CheckpointsMatched >= 1);
        await harness.RestartProxyAsync();
    }

    [Fact]
    public async Task Verify_EditedField_FailsAtThatLine()
    {
        await using var harness = await VaultHarness.StartAsync();
        var lines = await RunTrafficAndStopAsync(harness);
        var target = Array.FindIndex(lines, l => l.Contains("\"vault.release\"", StringComparison.Ordinal));
        lines[target] = lines[target].Replace("\"method\":\"GET\"", "\"method\":\"PUT\"", StringComparison.Ordinal);
        await File.WriteAllTextAsync(AuditFiles.LogPath(harness.Paths), string.Join('\n', lines) + "\n");

        var result = AuditFiles.Verify(harness.Paths);

        Assert.False(result.Valid);
        Assert.Equal(target + 1, result.FailedLine);
        await Assert.ThrowsAsync<AuditLogCorruptedException>(harness.RestartProxyAsync);
        harness.MarkStopped();
    }

    [Fact]
    public async Task Verify_DeletedMiddleLine_FailsAtTheGap()
    {
        await using var harness = await VaultHarness.StartAsync();
        var lines = await RunTrafficAndStopAsync(harness);
        var kept = lines.Where((_, i) => i != 1).ToArray();
        await File.WriteAllTextAsync(AuditFiles.LogPath(harness.Paths), string.Join('\n', kept) + "\n");

        var result = AuditFiles.Verify(harness.Paths);

        Assert.False(result.Valid);
        Assert.Equal(2, result.FailedLine);
        harness.MarkStopped();
    }

    [Fact]
    public async Task Verify_SwappedLines_FailsAtTheFirstSwapped()
    {
        await using var harness = await VaultHarness.StartAsync();
        var lines = await RunTrafficAndStopAsync(harness);
        (lines[1], lines[2]) = (lines[2], lines[1]);
        await File.WriteAllTextAsync(AuditFiles.LogPath(harness.Paths), string.Join('\n', lines) + "\n");

        var result = AuditFiles.Verify(harness.Paths);

        Assert.False(result.Valid);
        Assert.Equal(2, result.FailedLine);
        harness.MarkStopped();
    }

    [Fact]
    public async Task Verify_TruncatedTail_DetectedByCheckpoint()
    {
        await using var harness = await VaultHarness.StartAsync();
        var lines = await RunTrafficAndStopAsync(harness);
        await File.WriteAllTextAsync(AuditFiles.LogPath(harness.Paths), string.Join('\n', lines[..^2]) + "\n");

        var result = AuditFiles.Verify(harness.Paths);

        Assert.False(result.Valid);
        Assert.Equal("AUDIT_TRUNCATED", result.Code);
        harness.MarkStopped();
    }

    [Fact]
    public async Task KilledMidAppend_TornLastLine_VerifiesUpToLastCompleteRecordAndRestartRepairs()
    {
        await using var harness = await VaultHarness.StartAsync();
        var lines = await RunTrafficAndStopAsync(harness);
        // What a kill -9 during a write leaves: complete records, then half a line.
        await File.AppendAllTextAsync(AuditFiles.LogPath(harness.Paths), lines[0][..(lines[0].Length / 2)], Encoding.UTF8);

        var torn = AuditFiles.Verify(harness.Paths);
        Assert.True(torn.Valid, torn.Error?.ToString());
        Assert.True(torn.TornTail);
        Assert.Equal(lines.Length, torn.RecordsVerified);

        await harness.RestartProxyAsync();
        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/after"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await harness.Host.DisposeAsync();
        var repaired = AuditFiles.Verify(harness.Paths);
        Assert.True(repaired.Valid, repaired.Error?.ToString());
        Assert.False(repaired.TornTail);
        harness.MarkStopped();
    }

    [Fact]
    public async Task Shutdown_WritesFinalCheckpoint_HandedToWitnessHook()
    {
        var witnessed = new System.Collections.Concurrent.ConcurrentQueue<Sigilum.Protocol.Audit.AuditCheckpoint>();
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { CheckpointWritten = witnessed.Enqueue });
        var lines = await RunTrafficAndStopAsync(harness);

        var last = Assert.Single(witnessed);
        Assert.Equal(lines.Length, last.Seq);
        Assert.Equal((string?)JsonNode.Parse(lines[^1])!["hash"], last.Head);
        harness.MarkStopped();
    }
}
