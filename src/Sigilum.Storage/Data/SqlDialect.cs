using System.Data;
using System.Data.Common;
using Sigilum.Core.Storage.Providers;

namespace Sigilum.Storage.Data;

/// <summary>
/// What the shared statements need to know about the engine: how it stores the four kinds of value SQLite has no type
/// for (times, string lists, and — read back — flags and bytes, see <see cref="StoredRow"/>), and the few words the two
/// SQL dialects spell differently. Everything else in the shared SQL is the common subset both engines accept
/// (<c>@name</c> parameters, <c>ON CONFLICT</c>, <c>RETURNING</c>, window functions).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>A time as the engine's column stores it (times are kept to the millisecond, UTC, on both engines).</summary>
    public abstract object Time(DateTimeOffset value);

    /// <summary>The parameter type of a null time, for engines that must know the type of a null (PostgreSQL).</summary>
    public abstract DbType TimeType { get; }

    /// <summary>A list of strings as the engine's column stores it (JSON text or <c>text[]</c>).</summary>
    public abstract object List(IReadOnlyList<string> list);

    /// <summary>The engine's reader of the current row, for the shared <c>*Rows</c> mappers.</summary>
    public abstract StoredRow Row(DbDataReader reader);

    /// <summary>The larger of two values: <c>max(a, b)</c> in SQLite, <c>greatest(a, b)</c> in PostgreSQL.</summary>
    public abstract string Greatest(string a, string b);

    /// <summary>
    /// Appended to a text column in ORDER BY so both engines sort by code point: SQLite's default collation already
    /// does; PostgreSQL's database collation may not.
    /// </summary>
    public abstract string ByteOrder { get; }

    /// <summary>1-based position of <paramref name="needle"/> in <paramref name="haystack"/>, 0 when absent (<c>instr</c>, <c>strpos</c>).</summary>
    public abstract string Position(string haystack, string needle);

    /// <summary>A time column as integer unix milliseconds.</summary>
    public abstract string Millis(string column);

    /// <summary>
    /// The claim feed's append: one statement inserting <c>claim_changes(namespace, claim_id, claim, at)</c> from
    /// <c>@ns, @id, @claim, @at</c> and answering the new <c>seq</c> as its only value (PostgreSQL also queues its NOTIFY here).
    /// </summary>
    public abstract string AppendClaimChangeSql { get; }

    /// <summary>The feed's <c>claim</c> column read back as JSON text.</summary>
    public abstract string ClaimSnapshotColumn { get; }

    /// <summary>
    /// Run first in every claim write transaction, or null. PostgreSQL takes the feed's advisory lock so sequence numbers
    /// become visible in commit order; SQLite's <c>BEGIN IMMEDIATE</c> already serialises the writers.
    /// </summary>
    public abstract string? ClaimFeedLockSql { get; }
}
