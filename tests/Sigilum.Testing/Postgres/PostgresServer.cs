using Npgsql;
using Xunit;

using Sigilum.Storage.Postgres;

namespace Sigilum.Testing.Postgres;

/// <summary>
/// The PostgreSQL server for the whole test run (a collection fixture): the one named by
/// <c>SIGILUM_TEST_POSTGRES</c> (a connection string whose user may create databases), otherwise a
/// private cluster started here and stopped when the run ends. If neither works the fixture throws, so
/// every PostgreSQL test fails; they are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "SIGILUM_TEST_POSTGRES";

    private readonly SemaphoreSlim _classGate = new(1, 1);
    private PostgresCluster? _cluster;
    private NpgsqlDataSource? _admin;
    private (Type TestClass, string ConnectionString)? _classDatabase;

    public string AdminConnectionString { get; private set; } = "";

    /// <summary>True when the server was given by <c>SIGILUM_TEST_POSTGRES</c> (so the tests must clean up after themselves).</summary>
    private bool IsExternal => _cluster is null && _admin is not null;

    public Task InitializeAsync() => InitializeAsync(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Uses <paramref name="external"/> when given, else starts a private cluster.</summary>
    public async Task InitializeAsync(string? external)
    {
        if (string.IsNullOrWhiteSpace(external))
        {
            _cluster = await PostgresCluster.StartAsync();
            AdminConnectionString = _cluster.ConnectionString;
        }
        else
        {
            AdminConnectionString = external;
        }
        _admin = NpgsqlDataSource.Create(AdminConnectionString);
        // Fails the fixture (and so every test using it) when the server is unreachable.
        await using var ping = _admin.CreateCommand("SELECT 1");
        await ping.ExecuteScalarAsync();
    }

    /// <summary>Creates an empty database and returns a connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "sigilum_test_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        // Identifiers cannot be parameters; the name is generated here from hex digits only.
        await using (var create = Admin.CreateCommand($"CREATE DATABASE {name} TEMPLATE template0"))
        {
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 20 }.ConnectionString;
    }

    /// <summary>
    /// The migrated database of <paramref name="testClass"/>: created and migrated for the class's first
    /// test, emptied (every table truncated, counters zeroed) for the next ones. PostgreSQL test classes
    /// run one after another, so the previous class's database is dropped when the next class starts.
    /// </summary>
    public async Task<string> DatabaseForClassAsync(Type testClass)
    {
        await _classGate.WaitAsync();
        try
        {
            if (_classDatabase is { } current && current.TestClass == testClass)
            {
                await EmptyAsync(current.ConnectionString);
                return current.ConnectionString;
            }
            if (_classDatabase is { } previous)
            {
                _classDatabase = null;
                await DropDatabaseAsync(previous.ConnectionString);
            }
            var connectionString = await CreateDatabaseAsync();
            await using (var store = await PostgresSigilumStore.CreateAsync(new PostgresStoreOptions { ConnectionString = connectionString }))
            {
            }
            _classDatabase = (testClass, connectionString);
            return connectionString;
        }
        finally
        {
            _classGate.Release();
        }
    }

    public bool IsClassDatabase(string connectionString) => _classDatabase?.ConnectionString == connectionString;

    /// <summary>Truncates every table but the migration ledger and the nonce counter slots, which are zeroed.</summary>
    private static async Task EmptyAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("""
            DO $$
            DECLARE tables text;
            BEGIN
                SELECT string_agg(quote_ident(tablename), ', ') INTO tables FROM pg_tables
                WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'nonce_counts');
                EXECUTE 'TRUNCATE ' || tables || ' RESTART IDENTITY CASCADE';
                UPDATE nonce_counts SET n = 0;
            END
            $$
            """);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        if (!name.StartsWith("sigilum_test_", StringComparison.Ordinal) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new InvalidOperationException($"Refusing to drop '{name}': not a test database.");
        }
        await using var drop = Admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        if (_classDatabase is { } last && IsExternal)
        {
            await DropDatabaseAsync(last.ConnectionString);
        }
        _classGate.Dispose();
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private NpgsqlDataSource Admin => _admin ?? throw new InvalidOperationException("Not initialised.");
}
