using System.Runtime.CompilerServices;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Providers;

/// <summary>The one row reader (<see cref="RowMap"/>): columns set the properties of the same name, and a mismatch fails when built.</summary>
public sealed class RowMapTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public void Of_ColumnsInOrder_SetThePropertiesOfTheSameName()
    {
        var read = RowMap.Of<RowMapSample>("sample_id, note, status, count, seen_at, tags");

        var sample = read(TableRow.Of(("sample_id", "s1"), ("note", "n"), ("status", "approved"), ("count", 7), ("seen_at", T0.ToUnixTimeMilliseconds()), ("tags", "a|b")));

        Assert.Equal("s1", sample.SampleId);
        Assert.Equal("n", sample.Note);
        Assert.Equal(ClaimStatus.Approved, sample.Status);
        Assert.Equal(7, sample.Count);
        Assert.Equal(T0, sample.SeenAt);
        Assert.Equal(["a", "b"], sample.Tags);
    }

    [Fact]
    public void Of_NullInNullableColumns_ReadsNull()
    {
        var read = RowMap.Of<RowMapSample>("sample_id, note, status, count, seen_at");

        var sample = read(TableRow.Of(("sample_id", "s1"), ("note", DBNull.Value), ("status", "pending"), ("count", DBNull.Value), ("seen_at", DBNull.Value)));

        Assert.Null(sample.Note);
        Assert.Null(sample.Count);
        Assert.Null(sample.SeenAt);
    }

    /// <summary>A column without a property, a required property without a column, a type without a reader: each fails when built.</summary>
    [Theory]
    [InlineData("sample_id, status, colour", "'colour'")]
    [InlineData("sample_id, note", "Status")]
    [InlineData("sample_id, status, ratio", "Ratio")]
    public void Of_ColumnsAndRecordDisagree_Throws(string columns, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RowMap.Of<RowMapSample>(columns));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NullRow_Throws()
    {
        var read = RowMap.Of<RowMapSample>("sample_id, status");

        Assert.Throws<ArgumentNullException>(() => read(null!));
    }

    [Fact]
    public void PropertyName_SnakeCase_IsPascalCase()
    {
        Assert.Equal("FirstSeenAt", RowMap.PropertyName("first_seen_at"));
        Assert.Equal("Last4", RowMap.PropertyName("last4"));
    }

    /// <summary>Every <c>*Rows</c> class builds its readers: a column list that drifted from its record fails here.</summary>
    [Fact]
    public void AllRowReaders_Build()
    {
        var rows = typeof(RowMap).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(RowMap).Namespace && t.Name.EndsWith("Rows", StringComparison.Ordinal))
            .ToList();

        Assert.True(rows.Count >= 18, $"found {rows.Count} row classes");
        foreach (var type in rows)
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
    }
}
