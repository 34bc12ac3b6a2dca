using System.Data.Common;

namespace Sigilum.Core.Storage.Providers;

/// <summary>
/// The current row of a query, as the shared record mappers (<see cref="ClaimRows"/> and the other
/// <c>*Rows</c> classes) read it. Both providers select the same columns in the same order and store
/// strings and numbers alike; only times, string lists, flags and bytes are stored differently, so
/// those four are the provider's to decode.
/// </summary>
internal abstract class StoredRow(DbDataReader reader)
{
    /// <summary>The provider's reader, for decoding the provider-specific column types.</summary>
    protected DbDataReader Reader => reader;

    public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

    public string GetString(int ordinal) => reader.GetString(ordinal);

    public int GetInt32(int ordinal) => reader.GetInt32(ordinal);

    public long GetInt64(int ordinal) => reader.GetInt64(ordinal);

    public abstract DateTimeOffset Time(int ordinal);

    public abstract IReadOnlyList<string> StringList(int ordinal);

    public abstract bool GetBoolean(int ordinal);

    public abstract byte[] Bytes(int ordinal);

    /// <summary>Maps every remaining row of the reader with <paramref name="map"/>.</summary>
    public async Task<List<T>> ReadAllAsync<T>(Func<StoredRow, T> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(map);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(this));
        }
        return rows;
    }
}
