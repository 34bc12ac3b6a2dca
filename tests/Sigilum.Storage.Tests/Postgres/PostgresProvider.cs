using Npgsql;
using Sigilum.Core.Storage;
using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

/// <summary>
/// On the shared server: one migrated database per test class, emptied before each of its tests;
/// a brand-new empty database for each test that needs no schema (the migration tests).
/// </summary>
public sealed class PostgresProvider(PostgresServer server) : StoreProvider
{
    public override Task<string> CreateDatabaseAsync(Type testClass, bool empty) =>
        empty ? server.CreateDatabaseAsync() : server.DatabaseForClassAsync(testClass);

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

    public override Task ReleaseDatabaseAsync(string location) =>
        server.IsClassDatabase(location) ? Task.CompletedTask : server.DropDatabaseAsync(location);
}
