using Npgsql;

namespace Sigilum.Storage.Postgres.Data;

/// <summary>Connections from one pooled <see cref="NpgsqlDataSource"/>, with the transaction shape every store uses.</summary>
internal sealed class PostgresDatabase(NpgsqlDataSource source)
{
    public NpgsqlDataSource Source => source;

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        return await work(connection);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a READ COMMITTED transaction that commits when it returns normally
    /// (and rolls back when it throws). Atomicity of each check-and-write comes from the statement
    /// itself (conditional UPDATE, ON CONFLICT, SKIP LOCKED) or from an advisory lock taken first.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>A single statement in its own implicit transaction; returns the rows affected.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Sql(sql);
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
