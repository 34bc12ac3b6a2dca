using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Sigilum.Testing;

namespace Sigilum.Vault.Store;

/// <summary>Migration 0002 (ADR 0022): a store written by the previous build keeps its routes, now https on port 443.</summary>
public sealed class RouteMigrationTests
{
    private static string Resource(string name)
    {
        using var stream = typeof(VaultStore).Assembly.GetManifestResourceStream("Sigilum.Vault.Store.Migrations." + name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Open_StoreFromBeforeSchemeAndPort_ExistingRouteBecomesHttps443()
    {
        using var home = new TempDirectory("sigil-vault-migrate-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        Directory.CreateDirectory(paths.Directory);
        var initial = Resource("0001_initial.sql");
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = paths.Database, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = initial + """
                ;
                CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL);
                INSERT INTO schema_migrations VALUES (1, '0001_initial', $c, 0);
                INSERT INTO agents VALUES ('agt_old', 'old', 'hash', 0, NULL);
                INSERT INTO backends VALUES ('env1', 'env', '{}', 0);
                INSERT INTO routes VALUES ('rt_old', 1, 'agt_old', 'api.example.com', '/*', 'env1', 'KEY', '[]', NULL, 0, 0);
                """;
            command.Parameters.AddWithValue("$c", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(initial))));
            await command.ExecuteNonQueryAsync();
        }

        var store = await VaultStore.OpenAsync(paths, TimeProvider.System);
        var route = Assert.Single(await store.ListRoutesAsync());

        Assert.Equal(("rt_old", "https", 443), (route.Id, route.Scheme, route.Port));
    }

    [Fact]
    public async Task AddRoute_HttpOnAnotherPort_RoundTrips()
    {
        using var home = new TempDirectory("sigil-vault-migrate-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        var store = await VaultStore.CreateAsync(paths, TimeProvider.System);
        var now = TimeProvider.System.GetUtcNow();
        await store.AddAgentAsync(new VaultAgent("agt_1", "a", "hash", now, null));
        await store.AddBackendAsync(new BackendConfig("env1", "env", new Dictionary<string, string>(), now));

        Assert.Null(await store.AddRouteAsync(new RouteConfig("rt_1", "agt_1", "legacy.internal", "/*", "env1", "KEY", [], null, true, now) { Scheme = "http", Port = 8080 }));
        var route = Assert.Single(await store.ListRoutesAsync());

        Assert.Equal(("http", 8080), (route.Scheme, route.Port));
    }
}
