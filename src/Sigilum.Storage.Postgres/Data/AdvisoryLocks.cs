namespace Sigilum.Storage.Postgres.Data;

/// <summary>
/// Transaction-level advisory lock keys, as (class, object) pairs. The class is 0x53494749 ("SIGI").
/// Advisory locks are scoped to the database, so separate databases on one server do not interfere.
/// </summary>
internal static class AdvisoryLocks
{
    public const int Class = 0x53494749;

    /// <summary>Held while migrations run, so concurrently starting instances apply them one at a time.</summary>
    public const int Migrations = 1;

    /// <summary>Held by every claim write from before its feed entry gets a seq until commit (seq order = commit order).</summary>
    public const int ClaimFeed = 2;

    /// <summary>Held while expired nonces are purged (inside <c>sigilum_purge_nonces</c>; listed here to reserve the key).</summary>
    public const int NoncePurge = 3;

    public const string ClaimFeedSql = "SELECT pg_advisory_xact_lock(1397311305, 2)";

    public const string MigrationsSql = "SELECT pg_advisory_xact_lock(1397311305, 1)";
}
