using System.Text.Json;
using Sigilum.Core.Audit;
using Sigilum.Core.Generations;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Reliability STO-15 on the real gateway host and SQLite file: a database restored from an older copy is
/// recognised by its store generation, which is behind the one the audit log recorded, and the gateway refuses
/// to start until the operator confirms the restore (itself audited).
/// </summary>
public sealed class StoreRollbackTests : IDisposable
{
    private readonly TempDirectory _data = new("sigilum-gw-rollback-");
    private readonly TempDirectory _backup = new("sigilum-gw-backup-");
    private readonly IdentityRecord _identity = IdentityRecord.Create("alice", TimeProvider.System);
    private readonly Uri _controlPlane = ClosedPort.Url();

    public void Dispose()
    {
        _data.Dispose();
        _backup.Dispose();
    }

    [Fact]
    public async Task STO_15_DatabaseRestoredFromAnOlderCopy_StartRefused_ThenAcceptedAfterTheOperatorConfirms()
    {
        await RunOnceAsync();
        CopyDatabase(_data.Path, _backup.Path);
        await RunOnceAsync();
        CopyDatabase(_backup.Path, _data.Path);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunOnceAsync());
        var refused = Assert.IsType<StoreRollbackException>(error.InnerException);
        Assert.StartsWith(ErrorCatalogue.StoreRollbackDetected, error.Message, StringComparison.Ordinal);
        Assert.True(refused.DatabaseGeneration < refused.AuditedGeneration);

        await RunOnceAsync(acceptRollback: true);
        // Confirmed once; the generation moved past the log's, so the next ordinary start is accepted.
        await RunOnceAsync();

        var types = AuditTypes();
        Assert.Single(types, t => t == StoreGenerationCheck.RollbackAcceptedType);
        Assert.Equal(StoreGenerationCheck.RecordType, types[^1]);
    }

    [Fact]
    public async Task STO_15_DatabaseUntouchedBetweenStarts_EveryStartAccepted_AndGenerationsRise()
    {
        await RunOnceAsync();
        await RunOnceAsync();

        var generations = AuditRecords().Where(r => r.GetProperty("type").GetString() == StoreGenerationCheck.RecordType)
            .Select(r => r.GetProperty("generation").GetInt64()).ToList();
        // Start and stop of each run raise it.
        Assert.Equal([1L, 2L, 3L, 4L], generations);
    }

    private async Task RunOnceAsync(bool acceptRollback = false)
    {
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = _data.Path,
            ControlPlaneUrl = _controlPlane,
            AcceptStoreRollback = acceptRollback,
        };
        var host = await GatewayHost.StartAsync(options, _identity);
        await host.DisposeAsync();
    }

    /// <summary>The database as a backup tool would copy it while the gateway is stopped (WAL files included when present).</summary>
    private static void CopyDatabase(string from, string to)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            var source = Path.Combine(from, "gateway.db" + suffix);
            var target = Path.Combine(to, "gateway.db" + suffix);
            if (File.Exists(source))
            {
                File.Copy(source, target, overwrite: true);
            }
            else
            {
                File.Delete(target);
            }
        }
    }

    private List<JsonElement> AuditRecords() =>
        [.. File.ReadAllLines(Path.Combine(_data.Path, "audit", AuditLogOptions.LogFileName)).Select(l => JsonDocument.Parse(l).RootElement)];

    private List<string> AuditTypes() => [.. AuditRecords().Select(r => r.GetProperty("type").GetString()!)];
}
