using System.Data;
using System.Data.Common;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Providers;

/// <summary>
/// A one-row <see cref="StoredRow"/> over a <see cref="DataTable"/>, so the row reader is tested without a database:
/// times as unix milliseconds and lists as <c>|</c>-separated text (the providers' own encodings have their own tests).
/// </summary>
internal sealed class TableRow(DbDataReader reader) : StoredRow(reader)
{
    public static TableRow Of(params (string Column, object Value)[] cells)
    {
        var table = new DataTable();
        foreach (var (column, value) in cells)
        {
            table.Columns.Add(column, value is DBNull ? typeof(object) : value.GetType());
        }
        table.Rows.Add([.. cells.Select(c => c.Value)]);
        var reader = table.CreateDataReader();
        reader.Read();
        return new TableRow(reader);
    }

    public override DateTimeOffset Time(int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(Reader.GetInt64(ordinal));

    public override IReadOnlyList<string> StringList(int ordinal) => Reader.GetString(ordinal).Split('|');

    public override bool GetBoolean(int ordinal) => Reader.GetBoolean(ordinal);

    public override byte[] Bytes(int ordinal) => (byte[])Reader.GetValue(ordinal);
}
