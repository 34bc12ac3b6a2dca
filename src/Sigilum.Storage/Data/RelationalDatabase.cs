using System.Data.Common;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Data;

/// <summary>
/// Connections to one database with the transaction shapes every shared store uses. The engine opens connections
/// (pool, per-connection settings for <see cref="Durability"/>) and begins its write and snapshot transactions;
/// the work itself is the shared stores'.
/// </summary>
internal abstract class RelationalDatabase(SqlDialect dialect)
{
    public SqlDialect Dialect => dialect;

    /// <summary>An open connection configured for <paramref name="durability"/>.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(Durability durability, CancellationToken cancellationToken);

    /// <summary>
    /// A transaction in which a read-then-write is atomic: SQLite's <c>BEGIN IMMEDIATE</c> (the write lock up front);
    /// PostgreSQL's READ COMMITTED, where atomicity comes from the statement itself or an advisory lock taken first.
    /// </summary>
    protected abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A read-only transaction whose statements all see one snapshot (a total and its page agree).</summary>
    protected abstract ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="work"/> on a fresh connection without an explicit transaction.</summary>
    public async Task<T> ReadAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenConnectionAsync(Durability.Normal, cancellationToken);
        return await work(new SqlSession(connection, null, dialect));
    }

    /// <summary>Runs <paramref name="work"/> in one snapshot; nothing is written.</summary>
    public async Task<T> SnapshotAsync<T>(Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenConnectionAsync(Durability.Normal, cancellationToken);
        await using var transaction = await BeginSnapshotAsync(connection, cancellationToken);
        var result = await work(new SqlSession(connection, transaction, dialect));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction that commits when it returns normally (and rolls back when it throws).</summary>
    public async Task<T> WriteAsync<T>(Durability durability, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenConnectionAsync(durability, cancellationToken);
        await using var transaction = await BeginWriteAsync(connection, cancellationToken);
        var result = await work(new SqlSession(connection, transaction, dialect));
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A single statement in its own implicit transaction; returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(Durability durability, string sql, Action<SqlStatement> bind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        await using var connection = await OpenConnectionAsync(durability, cancellationToken);
        await using var statement = new SqlSession(connection, null, dialect).Sql(sql);
        bind(statement);
        return await statement.ExecuteAsync(cancellationToken);
    }

    /// <summary>
    /// A single statement in its own implicit transaction, its rows mapped with <paramref name="map"/>: a read, or a
    /// write that answers what it stored (<c>RETURNING</c>) — one statement, so nothing interleaves between the two.
    /// </summary>
    public async Task<List<T>> QueryAsync<T>(Durability durability, string sql, Action<SqlStatement> bind, Func<StoredRow, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bind);
        await using var connection = await OpenConnectionAsync(durability, cancellationToken);
        await using var statement = new SqlSession(connection, null, dialect).Sql(sql);
        bind(statement);
        return await statement.ReadAllAsync(map, cancellationToken);
    }

    /// <summary>A read of one statement, at normal durability.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, Action<SqlStatement> bind, Func<StoredRow, T> map, CancellationToken cancellationToken) =>
        QueryAsync(Durability.Normal, sql, bind, map, cancellationToken);
}
