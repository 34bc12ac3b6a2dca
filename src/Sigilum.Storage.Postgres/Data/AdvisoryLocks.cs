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

    /// <summary>Held while the replay store's migrations run (its own ledger, ADR 0068).</summary>
    public const int ReplayMigrations = 4;

    /// <summary>Held while the vault's configuration migrations run (ADR 0068).</summary>
    public const int VaultMigrations = 5;

    /// <summary>Held by every vault configuration write until commit: writers serialise as under SQLite's BEGIN IMMEDIATE (ADR 0068).</summary>
    public const int VaultConfig = 6;

    public const string ReplayMigrationsSql = "SELECT pg_advisory_xact_lock(1397311305, 4)";

    public const string VaultMigrationsSql = "SELECT pg_advisory_xact_lock(1397311305, 5)";

    public const string VaultConfigSql = "SELECT pg_advisory_xact_lock(1397311305, 6)";

    public const string ClaimFeedSql = "SELECT pg_advisory_xact_lock(1397311305, 2)";

    public const string MigrationsSql = "SELECT pg_advisory_xact_lock(1397311305, 1)";
}
