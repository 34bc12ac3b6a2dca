using System.Data.Common;

namespace Sigilum.Storage.Data;

/// <summary>One open connection (and its transaction, if any) handed to a unit of work.</summary>
internal sealed class SqlSession(DbConnection connection, DbTransaction? transaction, SqlDialect dialect)
{
    public DbConnection Connection => connection;

    public DbTransaction? Transaction => transaction;

    public SqlDialect Dialect => dialect;

    /// <summary>A command in this session's transaction. SQL text is always a constant of the calling store; values go in parameters.</summary>
    public SqlStatement Sql(string sql)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Callers pass constant SQL; every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return new SqlStatement(command, dialect);
    }

    /// <summary>Runs one statement that takes no parameters and answers nothing (a lock, a pragma).</summary>
    public async Task RunAsync(string sql, CancellationToken cancellationToken)
    {
        await using var statement = Sql(sql);
        await statement.ExecuteAsync(cancellationToken);
    }
}
