using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Sqlite.Data;

/// <summary>SQLite's spelling: times as INTEGER unix milliseconds, lists as JSON text, code-point order by default.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override DbType TimeType => DbType.Int64;

    public override string ByteOrder => string.Empty;

    public override string AppendClaimChangeSql => "INSERT INTO claim_changes(namespace, claim_id, claim, at) VALUES (@ns, @id, @claim, @at) RETURNING seq";

    public override string ClaimSnapshotColumn => "claim";

    /// <summary>None: every claim write runs in <c>BEGIN IMMEDIATE</c>, so SQLite's single writer already orders the feed.</summary>
    public override string? ClaimFeedLockSql => null;

    public override object Time(DateTimeOffset value) => SqliteValues.ToDb(value);

    public override object List(IReadOnlyList<string> list) => SqliteValues.ToJson(list);

    public override StoredRow Row(DbDataReader reader) => new SqliteRow((SqliteDataReader)reader);

    public override string Greatest(string a, string b) => $"max({a}, {b})";

    public override string Position(string haystack, string needle) => $"instr({haystack}, {needle})";

    public override string Millis(string column) => column;
}
