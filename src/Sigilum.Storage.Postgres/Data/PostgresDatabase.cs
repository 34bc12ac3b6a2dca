using System.Data;
using System.Data.Common;
using Npgsql;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Postgres.Data;

/// <summary>
/// Connections from one pooled <see cref="NpgsqlDataSource"/>. Write transactions are READ COMMITTED: atomicity of each
/// check-and-write comes from the statement itself (conditional UPDATE, ON CONFLICT, SKIP LOCKED) or from an advisory
/// lock taken first. <see cref="Durability"/> is the server's <c>synchronous_commit</c> and is not chosen per write.
/// </summary>
internal sealed class PostgresDatabase(NpgsqlDataSource source) : RelationalDatabase(PostgresDialect.Instance)
{
    public NpgsqlDataSource Source => source;

    /// <summary>Runs <paramref name="work"/> on a pooled connection, on Npgsql's own types (nonces, the change listener).</summary>
    public async Task<T> OnConnectionAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    protected override async ValueTask<DbConnection> OpenConnectionAsync(Durability durability, CancellationToken cancellationToken) =>
        await source.OpenConnectionAsync(cancellationToken);

    protected override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(cancellationToken);

    /// <summary>REPEATABLE READ: every statement of the transaction sees the snapshot of its first.</summary>
    protected override async ValueTask<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
}
