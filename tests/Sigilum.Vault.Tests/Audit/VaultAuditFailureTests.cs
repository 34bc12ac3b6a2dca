using System.Net;
using Sigilum.Core.Audit;
using Sigilum.Protocol.Errors;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Audit;

/// <summary>
/// Issue #12 item 5 on the vault: once its audit log cannot be written it stays failed (no timed reopen), and
/// every release is refused with 503 <c>AUDIT_UNAVAILABLE</c> before the backend is asked and before any
/// connection to the upstream.
/// </summary>
public sealed class VaultAuditFailureTests
{
    [Fact]
    public async Task STO_01_DiskFullWhileAppendingTheRelease_503AuditUnavailable_NoFetch_NoUpstreamConnection_AndItStays()
    {
        using var full = new DiskFullSwitch();
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { AuditLogHook = options => DiskFullAuditFile.Inject(options, full) });
        using (var ok = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        var before = (harness.FetchCount, harness.Upstream.Connections, harness.Upstream.Received.Count);

        full.On = true;
        using (var refused = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/b")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(ErrorCatalogue.AuditUnavailable, refused.Headers.GetValues("X-Sigil-Vault-Error").Single());
        }
        // Space freed: the log stays failed (STO-02); only a restart opens it again.
        full.On = false;
        using (var still = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/c")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, still.StatusCode);
        }

        Assert.True(harness.Host.Audit.IsFailed);
        Assert.Equal(before, (harness.FetchCount, harness.Upstream.Connections, harness.Upstream.Received.Count));
    }

    [Fact]
    public async Task STO_04_AuditFileDeletedWhileRunning_503AuditUnavailable_NoFetch_NoUpstreamConnection_AndItStays()
    {
        await using var harness = await VaultHarness.StartAsync();
        using (var ok = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a")))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        var (fetches, connections, received) = (harness.FetchCount, harness.Upstream.Connections, harness.Upstream.Received.Count);
        Assert.Equal((1, 1), (fetches, received));

        File.Delete(AuditFiles.LogPath(harness.Paths));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var refused = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/b"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(ErrorCatalogue.AuditUnavailable, refused.Headers.GetValues("X-Sigil-Vault-Error").Single());
        }
        Assert.True(harness.Host.Audit.IsFailed);
        Assert.Contains("deleted, renamed or replaced", harness.Host.Audit.FailureReason, StringComparison.Ordinal);
        Assert.Equal((fetches, connections, received), (harness.FetchCount, harness.Upstream.Connections, harness.Upstream.Received.Count));
        Assert.False(File.Exists(AuditFiles.LogPath(harness.Paths)));
    }

    [Fact]
    public async Task STO_03_AuditSyncHangs_ReleaseRefused503ByTheLogsWriteWatchdog_NotTheRequestBudget_NoFetch()
    {
        // The release no longer waits on the request budget (ADR 0060): the log's own watchdog must end the wait.
        // The budget is far longer than the write timeout, so only the watchdog can answer within the test.
        using var disk = new DiskFullSwitch();
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions
        {
            RequestBudget = TimeSpan.FromMinutes(5),
            AuditLogHook = options => DiskFullAuditFile.Inject(options with { WriteTimeout = TimeSpan.FromSeconds(1) }, disk),
        });
        try
        {
            using (var ok = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a")))
            {
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            }
            var before = (harness.FetchCount, harness.Upstream.Connections, harness.Upstream.Received.Count);

            disk.Syncs.Reset();
            using var refused = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/b"));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(ErrorCatalogue.AuditUnavailable, refused.Headers.GetValues("X-Sigil-Vault-Error").Single());
            Assert.True(harness.Host.Audit.IsFailed);
            Assert.Equal(before, (harness.FetchCount, harness.Upstream.Connections, harness.Upstream.Received.Count));
        }
        finally
        {
            // The writer thread is still inside the sync: let it finish so the vault can stop.
            disk.Syncs.Set();
        }
    }

    [Fact]
    public async Task STO_02_AuditFailed_RestartIsTheWayBack_AndTheNewChainResumesReleases()
    {
        await using var harness = await VaultHarness.StartAsync();
        using (await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/a")))
        {
        }
        // The operator moves the log aside (as after a failure); the running vault refuses from now on.
        File.Move(AuditFiles.LogPath(harness.Paths), AuditFiles.LogPath(harness.Paths) + ".failed");
        File.Move(Path.Combine(harness.Paths.AuditDirectory, AuditLogOptions.CheckpointFileName), Path.Combine(harness.Paths.AuditDirectory, "checkpoints.failed"));
        using (var refused = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/b")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        await harness.RestartProxyAsync();

        using var resumed = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/c"));
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False(harness.Host.Audit.IsFailed);
    }
}
