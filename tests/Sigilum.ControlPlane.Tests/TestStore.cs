using System.Collections.Concurrent;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Testing.Postgres;

namespace Sigilum.ControlPlane;

/// <summary>
/// Runs the whole control-plane suite on either store: SQLite files by default, PostgreSQL when
/// <c>SIGILUM_TEST_STORE=postgres</c> (scripts/test runs the suite once per store). One database per test
/// directory, so a test that restarts a host over the same directory gets the same data back, and two
/// hosts given the same directory share one database.
/// </summary>
internal static class TestStore
{
    public const string Variable = "SIGILUM_TEST_STORE";

    private static readonly Lazy<Task<PostgresServer>> Server = new(StartServerAsync);
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Databases = new(StringComparer.Ordinal);

    public static bool UsePostgres => string.Equals(Environment.GetEnvironmentVariable(Variable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>Points <paramref name="options"/> at the store for <paramref name="directory"/>.</summary>
    public static async Task ApplyAsync(ControlPlaneOptions options, string directory)
    {
        options.SqlitePath ??= Path.Combine(directory, "sigilum.db");
        options.MasterKeyFile ??= Path.Combine(directory, "master.key");
        if (!UsePostgres)
        {
            return;
        }
        var server = await Server.Value;
        options.Store = "postgres";
        options.PostgresConnectionString = await Databases.GetOrAdd(directory, _ => new Lazy<Task<string>>(server.CreateDatabaseAsync)).Value;
    }

    /// <summary>
    /// True when the database of <paramref name="directory"/> holds <paramref name="needle"/> anywhere: in
    /// the SQLite files (database, WAL, shared memory), or in any row of any PostgreSQL table (as text, or
    /// as hex inside a bytea).
    /// </summary>
    public static async Task<bool> DatabaseContainsAsync(string directory, byte[] needle)
    {
        if (!UsePostgres)
        {
            var files = Directory.GetFiles(directory, "sigilum.db*");
            Assert.NotEmpty(files);
            foreach (var file in files)
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                if (copy.ToArray().AsSpan().IndexOf(needle) >= 0)
                {
                    return true;
                }
            }
            return false;
        }
        var text = System.Text.Encoding.UTF8.GetString(needle);
        var hex = Convert.ToHexStringLower(needle);
        await using var data = Npgsql.NpgsqlDataSource.Create(await Databases[directory].Value);
        var tables = new List<string>();
        await using (var list = data.CreateCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            // Table names come from the catalogue, not from input.
            await using var rows = data.CreateCommand($"SELECT t::text FROM \"{table}\" t");
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = reader.GetString(0);
                if (row.Contains(text, StringComparison.Ordinal) || row.Contains(hex, StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>Runs one statement on the database of <paramref name="directory"/>, in the dialect of the store in use.</summary>
    public static async Task<int> ExecuteAsync(string directory, string sqliteSql, string postgresSql)
    {
        if (!UsePostgres)
        {
            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "sigilum.db")};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sqliteSql;
            return await command.ExecuteNonQueryAsync();
        }
        await using var data = Npgsql.NpgsqlDataSource.Create(await Databases[directory].Value);
        await using var statement = data.CreateCommand(postgresSql);
        return await statement.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartServerAsync()
    {
        var server = new PostgresServer();
        await server.InitializeAsync();
        // The private cluster lives as long as the test process; it is stopped (and its files removed) at exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().GetAwaiter().GetResult();
        return server;
    }
}
