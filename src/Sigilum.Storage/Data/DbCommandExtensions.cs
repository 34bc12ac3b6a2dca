using System.Data.Common;
using System.Globalization;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Data;

/// <summary>Reading results of any provider's command: the shared stores' <see cref="SqlStatement"/> and the engines' own statements.</summary>
internal static class DbCommandExtensions
{
    /// <summary>The first column of the first row as a 64-bit integer; 0 when there is no row or it is NULL.</summary>
    public static async Task<long> ScalarLongAsync(this DbCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the query and maps every row, read through <paramref name="dialect"/>, with one of the shared mappers.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, SqlDialect dialect, Func<StoredRow, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(dialect);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await dialect.Row(reader).ReadAllAsync(map, cancellationToken);
    }
}
