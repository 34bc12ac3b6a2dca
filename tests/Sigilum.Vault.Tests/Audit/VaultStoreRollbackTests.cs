using Sigilum.Core.Generations;
using Sigilum.Protocol.Errors;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Audit;

/// <summary>
/// Reliability STO-15 on the vault: its replay (jti) database restored from an older copy would accept used
/// attestations again; the store generation, witnessed in the audit chain, makes the start refuse until confirmed.
/// </summary>
public sealed class VaultStoreRollbackTests
{
    [Fact]
    public async Task STO_15_ReplayDatabaseRestoredFromAnOlderCopy_StartRefused_ThenAcceptedAfterTheOperatorConfirms()
    {
        await using var harness = await VaultHarness.StartAsync();
        await harness.Host.DisposeAsync();
        harness.MarkStopped();
        var backup = harness.Paths.ReplayDatabase + ".bak";
        File.Copy(harness.Paths.ReplayDatabase, backup);
        await (await StartAsync(harness)).DisposeAsync();
        File.Copy(backup, harness.Paths.ReplayDatabase, overwrite: true);
        File.Delete(harness.Paths.ReplayDatabase + "-wal");
        File.Delete(harness.Paths.ReplayDatabase + "-shm");

        var refused = await Assert.ThrowsAsync<StoreRollbackException>(() => StartAsync(harness));
        Assert.StartsWith(ErrorCatalogue.StoreRollbackDetected, refused.Message, StringComparison.Ordinal);

        await (await StartAsync(harness, acceptRollback: true)).DisposeAsync();
        await (await StartAsync(harness)).DisposeAsync();
        var log = File.ReadAllText(AuditFiles.LogPath(harness.Paths));
        Assert.Contains(StoreGenerationCheck.RollbackAcceptedType, log, StringComparison.Ordinal);
    }

    private static Task<VaultHost> StartAsync(VaultHarness harness, bool acceptRollback = false) =>
        VaultHost.StartAsync(harness.Paths, new VaultProxyOptions { Port = 0, AcceptStoreRollback = acceptRollback });
}
