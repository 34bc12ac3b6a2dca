using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Engine;

namespace Sigilum.Storage.Sqlite.Data;

/// <summary>
/// Opens configured connections to one database file. Microsoft.Data.Sqlite pools connections per
/// connection string; the per-connection settings are applied on every open because a pooled
/// connection may come back from a caller that used another durability.
/// </summary>
internal sealed class SqliteDatabase : RelationalDatabase
{
    private readonly string _connectionString;
    private readonly string _normalPragmas;
    private readonly string _fullPragmas;

    public SqliteDatabase(string path, TimeSpan busyTimeout)
        : base(SqliteDialect.Instance)
    {
        SqliteEngine.EnsureInitialised();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            ForeignKeys = true,
            Pooling = true,
            // SQLite's busy handler (busy_timeout below) does the waiting, in fine steps. Microsoft.Data.Sqlite
            // then retries SQLITE_BUSY every 150 ms until this many whole seconds have passed (0 would mean
            // forever), so the effective bound is the busy timeout rounded up to a second, at least 1 s.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();
        var busy = (long)busyTimeout.TotalMilliseconds;
        _normalPragmas = $"PRAGMA busy_timeout = {busy}; PRAGMA synchronous = NORMAL;";
        _fullPragmas = $"PRAGMA busy_timeout = {busy}; PRAGMA synchronous = FULL;";
        Path = path;
    }

    public string Path { get; }

    public async Task<SqliteConnection> OpenAsync(Durability durability, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.Sql(durability == Durability.Full ? _fullPragmas : _normalPragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside <c>BEGIN IMMEDIATE</c> on SQLite's own types, for the engine-specific
    /// stores (nonces, usage batches, leases). The transaction commits when <paramref name="work"/> returns normally.
    /// </summary>
    public async Task<T> WriteAsync<T>(Durability durability, Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenAsync(durability, cancellationToken);
        await using var transaction = BeginImmediate(connection);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(Durability durability, CancellationToken cancellationToken) =>
        await OpenAsync(durability, cancellationToken);

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c>: the write lock is taken up front, so a read-then-write sequence is atomic across
    /// connections and processes and never fails half-way with SQLITE_BUSY_SNAPSHOT.
    /// </summary>
    protected override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(BeginImmediate((SqliteConnection)connection));

    /// <summary>A deferred transaction: its first read fixes the WAL snapshot every later statement sees.</summary>
    protected override ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: true));

    // Serializable + deferred:false is Microsoft.Data.Sqlite's spelling of BEGIN IMMEDIATE.
    private static SqliteTransaction BeginImmediate(SqliteConnection connection) => connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
}
