using Microsoft.Data.Sqlite;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Sqlite.Data;

/// <summary>Terse, parameterised commands. SQL text is always a constant of the calling store; values go in parameters.</summary>
internal static class SqliteCommandExtensions
{
    public static SqliteCommand Sql(this SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // Callers pass constant SQL; every value is a parameter.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.Transaction = transaction;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<long> ScalarLongAsync(this SqliteCommand command, CancellationToken cancellationToken)
    {
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the query and maps every row with one of the shared mappers (<c>ClaimRows.Read</c> and the like).</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this SqliteCommand command, Func<StoredRow, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await new SqliteRow(reader).ReadAllAsync(map, cancellationToken);
    }
}
