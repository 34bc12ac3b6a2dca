using Microsoft.Data.Sqlite;
using Sigilum.Testing;

namespace Sigilum.Vault.Store;

/// <summary>The vault's store on the shared relational core (ADR 0053): its own schema and ledger, refused when from another build.</summary>
public sealed class VaultStoreSchemaTests : IDisposable
{
    private readonly TempDirectory _home = new("sigil-vault-schema-");

    private VaultPaths Paths => new(Path.Combine(_home.Path, "vault"));

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task STO_11_StoreRecordingAMigrationThisBuildDoesNotKnow_OpenRefused()
    {
        await VaultStore.CreateAsync(Paths, TimeProvider.System);
        await ExecuteAsync("INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES (99, 'future', 'x', 0)");

        var refused = await Assert.ThrowsAsync<VaultStoreException>(() => VaultStore.OpenAsync(Paths, TimeProvider.System));

        Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task STO_11_StoreWhoseMigrationScriptDiffers_OpenRefused()
    {
        await VaultStore.CreateAsync(Paths, TimeProvider.System);
        await ExecuteAsync("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var refused = await Assert.ThrowsAsync<VaultStoreException>(() => VaultStore.OpenAsync(Paths, TimeProvider.System));

        Assert.Contains("differs from this build's script", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetSetting_ChangesTheConfigVersionTheProxyReads()
    {
        var store = await VaultStore.CreateAsync(Paths, TimeProvider.System);
        using var reader = await store.CreateVersionSourceAsync();
        var before = reader.Read();

        await store.SetAudienceAsync("other-audience");

        Assert.Equal((before + 1, "other-audience"), (reader.Read(), await store.GetSettingAsync("audience")));
    }

    [Fact]
    public async Task CreateAsync_NewStore_OnlyTheOwnerMayReadIt()
    {
        await VaultStore.CreateAsync(Paths, TimeProvider.System);

        var mode = OperatingSystem.IsWindows() ? UnixFileMode.None : File.GetUnixFileMode(Paths.Database);
        Assert.Equal(OperatingSystem.IsWindows() ? UnixFileMode.None : UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Paths.Database, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
