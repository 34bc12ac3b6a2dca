using System.Data;
using System.Data.Common;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Data;

/// <summary>
/// A parameterised command with typed binders. A null carries its type (PostgreSQL must know the type of every
/// parameter, SQLite ignores it), so the shared SQL needs no casts; times and lists go through the engine's
/// <see cref="SqlDialect"/>. Parameter names are written with their <c>@</c>, as in the SQL.
/// </summary>
internal sealed class SqlStatement(DbCommand command, SqlDialect dialect) : IAsyncDisposable
{
    public DbCommand Command => command;

    public SqlStatement With(string name, string? value) => Add(name, value, DbType.String);

    public SqlStatement With(string name, long value) => Add(name, value, DbType.Int64);

    public SqlStatement With(string name, long? value) => Add(name, value, DbType.Int64);

    public SqlStatement With(string name, int value) => Add(name, value, DbType.Int32);

    public SqlStatement With(string name, int? value) => Add(name, value, DbType.Int32);

    public SqlStatement With(string name, bool value) => Add(name, value, DbType.Boolean);

    public SqlStatement With(string name, byte[]? value) => Add(name, value, DbType.Binary);

    public SqlStatement With(string name, DateTimeOffset value) => Add(name, dialect.Time(value), dialect.TimeType);

    public SqlStatement With(string name, DateTimeOffset? value) => Add(name, value is { } v ? dialect.Time(v) : null, dialect.TimeType);

    public SqlStatement With(string name, IReadOnlyList<string> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Add(name, dialect.List(value), DbType.Object);
    }

    public Task<int> ExecuteAsync(CancellationToken cancellationToken) => command.ExecuteNonQueryAsync(cancellationToken);

    public Task<object?> ScalarAsync(CancellationToken cancellationToken) => command.ExecuteScalarAsync(cancellationToken);

    public Task<long> ScalarLongAsync(CancellationToken cancellationToken) => command.ScalarLongAsync(cancellationToken);

    /// <summary>Runs the query and maps every row with one of the shared mappers (<c>ClaimRows.Read</c> and the like).</summary>
    public Task<List<T>> ReadAllAsync<T>(Func<StoredRow, T> map, CancellationToken cancellationToken) =>
        command.ReadAllAsync(dialect, map, cancellationToken);

    /// <summary>Runs the query and maps every row straight from the provider's reader, for a store with row types of its own (the vault's).</summary>
    public async Task<List<T>> ReadRowsAsync<T>(Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }
        return rows;
    }

    public ValueTask DisposeAsync() => command.DisposeAsync();

    private SqlStatement Add(string name, object? value, DbType nullType)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        if (value is null)
        {
            parameter.DbType = nullType;
            parameter.Value = DBNull.Value;
        }
        else
        {
            // A non-null value keeps the provider's own inference (SQLite binds by CLR type; Npgsql infers
            // timestamptz from an offset-zero DateTimeOffset and text[] from string[]).
            parameter.Value = value;
        }
        command.Parameters.Add(parameter);
        return this;
    }
}
