using Microsoft.Data.Sqlite;

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
}
