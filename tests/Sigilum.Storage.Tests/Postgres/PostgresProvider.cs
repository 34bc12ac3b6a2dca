using Npgsql;
using Sigilum.Core.Storage;
using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

/// <summary>A fresh database on the shared server per test.</summary>
public sealed class PostgresProvider(PostgresServer server) : StoreProvider
{
    public override Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    public override ISigilumStore Open(string location, StoreSettings settings) => PostgresSigilumStore.Create(Options(location, settings));

    public static PostgresStoreOptions Options(string location, StoreSettings settings) => new()
    {
        ConnectionString = location,
        NonceCapacity = settings.NonceCapacity,
        ChangePollInterval = settings.ChangePollInterval,
    };

    public override async Task ExecuteAsync(string location, string sql)
    {
        await using var source = NpgsqlDataSource.Create(location);
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public override Task DropDatabaseAsync(string location) => server.DropDatabaseAsync(location);
}
