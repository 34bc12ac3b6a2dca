using Npgsql;
using NpgsqlTypes;

namespace Sigilum.Storage.Postgres.Data;

/// <summary>Terse, parameterised commands. SQL text is always a constant of the calling store; values go in parameters.</summary>
internal static class NpgsqlCommandExtensions
{
    public static NpgsqlCommand Sql(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null) =>
#pragma warning disable CA2100 // Callers pass constant SQL; every value is a parameter.
        new(sql, connection, transaction);
#pragma warning restore CA2100

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>With an explicit type, for values whose type Npgsql cannot infer (null, JSON text).</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.AddWithValue(name, type, value ?? DBNull.Value);
        return command;
    }
}
