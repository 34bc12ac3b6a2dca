using Sigilum.Storage.Data;

namespace Sigilum.Vault.Store;

/// <summary>
/// What the vault's store does its own way on each engine (ADR 0068); the statements and row mapping are
/// <see cref="VaultStore"/>'s, shared by both. SQLite: one file, <c>BEGIN IMMEDIATE</c>, the version read per request.
/// PostgreSQL: an advisory lock per write, the version bump notifies every instance.
/// </summary>
internal abstract class VaultStoreEngine : IAsyncDisposable
{
    public abstract RelationalDatabase Database { get; }

    /// <summary>Where the store is, for messages: the file, or "PostgreSQL" (never the connection string).</summary>
    public abstract string Description { get; }

    /// <summary>True when several vault instances share the store (its outage is <c>DB_UNAVAILABLE</c>).</summary>
    public abstract bool IsShared { get; }

    /// <summary>Run first in every write transaction, or null when the transaction itself serialises writers.</summary>
    public abstract string? WriteLockSql { get; }

    /// <summary>Bumps <c>config_version</c> in the write's transaction (and on PostgreSQL announces it at commit).</summary>
    public abstract string BumpVersionSql { get; }

    /// <summary>Applies the engine's migrations not yet recorded; refuses another build's schema (STO-11).</summary>
    public abstract Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The proxy's per-request version source; the caller disposes it.</summary>
    public abstract Task<IConfigVersionSource> CreateVersionSourceAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
