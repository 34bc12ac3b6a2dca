using Npgsql;
using Sigilum.Testing.Postgres;

namespace Sigilum.Vault.Store.Postgres;

/// <summary>An empty database of its own for one test, dropped afterwards; the locations several vault instances share.</summary>
internal sealed class SharedVaultDatabase : IAsyncDisposable
{
    /// <summary>Short intervals, so an outage and a recovery show within a test's patience (not a timing assertion).</summary>
    public static readonly PostgresWatchOptions QuickWatch = new()
    {
        PollInterval = TimeSpan.FromMilliseconds(100),
        ReadTimeout = TimeSpan.FromSeconds(2),
        RetryDelay = TimeSpan.FromMilliseconds(50),
    };

    private readonly PostgresServer _server;

    private SharedVaultDatabase(PostgresServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<SharedVaultDatabase> CreateAsync(PostgresServer server) => new(server, await server.CreateDatabaseAsync());

    /// <summary>The store straight on the server.</summary>
    public VaultStoreLocation Location(PostgresWatchOptions? watch = null) =>
        VaultStoreLocation.ForPostgres(ConnectionString) with { Watch = watch ?? QuickWatch };

    /// <summary>The store through <paramref name="relay"/>, which the test can cut (PostgreSQL unreachable) and restore.</summary>
    public VaultStoreLocation Through(TcpRelay relay, PostgresWatchOptions? watch = null)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3, CommandTimeout = 3 };
        return VaultStoreLocation.ForPostgres(builder.ConnectionString) with { Watch = watch ?? QuickWatch };
    }

    /// <summary>A relay in front of this database's server.</summary>
    public TcpRelay StartRelay()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        return TcpRelay.Start(builder.Host!, builder.Port);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
