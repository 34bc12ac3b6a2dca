using Sigilum.Core.Usage;
using Sigilum.Storage.Data;
using Sigilum.Storage.Sqlite.Data;
using Sigilum.Storage.Usage;

namespace Sigilum.Storage.Sqlite.Usage;

/// <summary>Usage batches on SQLite (the hot write of the control plane's usage ingest).</summary>
internal sealed class SqliteUsageBatches(SqliteDatabase database) : IUsageBatchWriter
{
    /// <summary>The parameters of <see cref="SqlUsageStore.InsertSql"/>, in <c>UsageRows.Columns</c> order.</summary>
    private static readonly string[] ParameterNames =
        ["@id", "@ns", "@service", "@key", "@subject", "@agent", "@outcome", "@code", "@duration", "@method", "@path", "@node", "@created", "@protocol", "@action"];

    /// <summary>
    /// One <c>BEGIN IMMEDIATE</c> transaction and one prepared statement rebound per event: a batch costs one WAL commit
    /// and one parse instead of one of each per event (ADR 0029). The statement is driven through SQLite's own API on the
    /// transaction's connection, bound by position: through <c>SqliteCommand</c> every event also paid a data reader and a
    /// name lookup per parameter (15 per row), the larger part of the insert's managed cost in the profile
    /// (docs/perf/control-plane-idle.md).
    /// </summary>
    public Task<int> InsertAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken) =>
        database.WriteAsync(Durability.Normal, (connection, _) => Task.FromResult(InsertAll(connection, events, cancellationToken)), cancellationToken);

    private static int InsertAll(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        var db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(SQLitePCL.raw.sqlite3_prepare_v2(db, SqlUsageStore.InsertSql, out var statement), db);
        using (statement)
        {
            var at = new int[ParameterNames.Length];
            for (var i = 0; i < at.Length; i++)
            {
                at[i] = SQLitePCL.raw.sqlite3_bind_parameter_index(statement, ParameterNames[i]);
            }
            var added = 0;
            foreach (var usage in events)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Text(statement, db, at[0], usage.EventId);
                Text(statement, db, at[1], usage.Namespace);
                Text(statement, db, at[2], usage.Service);
                Text(statement, db, at[3], usage.PublicKey);
                Text(statement, db, at[4], usage.Subject);
                Text(statement, db, at[5], usage.AgentId);
                Text(statement, db, at[6], usage.Outcome);
                Integer(statement, db, at[7], usage.StatusCode);
                Integer(statement, db, at[8], usage.DurationMs);
                Text(statement, db, at[9], usage.Method);
                Text(statement, db, at[10], usage.Path);
                Text(statement, db, at[11], usage.NodeId);
                Integer(statement, db, at[12], SqliteValues.ToDb(usage.CreatedAt));
                Text(statement, db, at[13], usage.Protocol);
                Text(statement, db, at[14], usage.Action);
                var rc = SQLitePCL.raw.sqlite3_step(statement);
                if (rc != SQLitePCL.raw.SQLITE_DONE)
                {
                    Check(rc, db);
                }
                // 0 when ON CONFLICT skipped an id already stored (or repeated earlier in the batch).
                added += SQLitePCL.raw.sqlite3_changes(db);
                SQLitePCL.raw.sqlite3_reset(statement);
            }
            return added;
        }
    }

    private static void Text(SQLitePCL.sqlite3_stmt statement, SQLitePCL.sqlite3 db, int index, string? value) =>
        Check(value is null ? SQLitePCL.raw.sqlite3_bind_null(statement, index) : SQLitePCL.raw.sqlite3_bind_text(statement, index, value), db);

    private static void Integer(SQLitePCL.sqlite3_stmt statement, SQLitePCL.sqlite3 db, int index, long? value) =>
        Check(value is { } v ? SQLitePCL.raw.sqlite3_bind_int64(statement, index, v) : SQLitePCL.raw.sqlite3_bind_null(statement, index), db);

    private static void Check(int rc, SQLitePCL.sqlite3 db)
    {
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
