using Sigilum.Core.Storage;
using Sigilum.Storage.Conformance;
using Sigilum.Testing;

namespace Sigilum.Storage.Sqlite;

/// <summary>A new file in its own temp directory for every test (cheap enough that nothing is reused).</summary>
public sealed class SqliteProvider : StoreProvider
{
    private readonly Dictionary<string, TempDirectory> _directories = [];

    public override Task<string> CreateDatabaseAsync(Type testClass, bool empty)
    {
        var directory = new TempDirectory("sigilum-storage-");
        var path = Path.Combine(directory.Path, "controlplane", "sigilum.db");
        lock (_directories)
        {
            _directories[path] = directory;
        }
        return Task.FromResult(path);
    }

    public override ISigilumStore Open(string location, StoreSettings settings) => SqliteSigilumStore.Open(Options(location, settings));

    public static SqliteStoreOptions Options(string location, StoreSettings settings) => new()
    {
        Path = location,
        NonceCapacity = settings.NonceCapacity,
        ChangePollInterval = settings.ChangePollInterval,
    };

    public override async Task ExecuteAsync(string location, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={location};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task ReleaseDatabaseAsync(string location)
    {
        TempDirectory? directory;
        lock (_directories)
        {
            _directories.Remove(location, out directory);
        }
        directory?.Dispose();
        return Task.CompletedTask;
    }
}
