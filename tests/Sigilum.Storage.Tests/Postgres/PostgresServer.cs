using Npgsql;

namespace Sigilum.Storage.Postgres;

/// <summary>
/// The PostgreSQL server for the whole test run (a collection fixture): the one named by
/// <c>SIGILUM_TEST_POSTGRES</c> (a connection string whose user may create databases), otherwise a
/// private cluster started here and stopped when the run ends. If neither works the fixture throws, so
/// every PostgreSQL test fails; they are never skipped.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Variable = "SIGILUM_TEST_POSTGRES";

    private PostgresCluster? _cluster;
    private NpgsqlDataSource? _admin;

    public string AdminConnectionString { get; private set; } = "";

    /// <summary>True when the tests started their own cluster.</summary>
    public bool IsPrivate => _cluster is not null;

    public Task InitializeAsync() => InitializeAsync(Environment.GetEnvironmentVariable(Variable));

    /// <summary>Uses <paramref name="external"/> when given, else starts a private cluster.</summary>
    internal async Task InitializeAsync(string? external)
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
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString;
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
