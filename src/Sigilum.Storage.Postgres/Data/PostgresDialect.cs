using System.Data;
using System.Data.Common;
using Npgsql;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;
using Sigilum.Storage.Postgres.Claims;

namespace Sigilum.Storage.Postgres.Data;

/// <summary>PostgreSQL's spelling: native timestamptz and text[], byte order asked for explicitly, feed appends that NOTIFY.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override DbType TimeType => DbType.DateTimeOffset;

    public override string ByteOrder => " COLLATE \"C\"";

    /// <summary>Appends the feed entry and queues the NOTIFY, which PostgreSQL delivers only if the transaction commits.</summary>
    public override string AppendClaimChangeSql => $"""
        WITH appended AS (
            INSERT INTO claim_changes(namespace, claim_id, claim, at) VALUES (@ns, @id, CAST(@claim AS jsonb), @at) RETURNING seq
        )
        SELECT seq, pg_notify('{PostgresChangeListener.Channel}', seq::text) FROM appended
        """;

    public override string ClaimSnapshotColumn => "claim::text";

    /// <summary>
    /// The feed's advisory lock, held until commit: sequence numbers become visible in order on every instance (a bare
    /// identity column does not promise that across concurrent commits).
    /// </summary>
    public override string? ClaimFeedLockSql => AdvisoryLocks.ClaimFeedSql;

    public override object Time(DateTimeOffset value) => PostgresValues.ToDb(value);

    public override object List(IReadOnlyList<string> list) => PostgresValues.ToDb(list);

    public override StoredRow Row(DbDataReader reader) => new PostgresRow((NpgsqlDataReader)reader);

    public override string Greatest(string a, string b) => $"greatest({a}, {b})";

    public override string Position(string haystack, string needle) => $"strpos({haystack}, {needle})";

    public override string Millis(string column) => $"round(extract(epoch FROM {column}) * 1000)::bigint";
}
