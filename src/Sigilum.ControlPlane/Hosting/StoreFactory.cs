using Sigilum.Core.Storage;
using Sigilum.Storage.Postgres;
using Sigilum.Storage.Sqlite;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>Opens and migrates the configured store (migrations are safe when several instances start at once).</summary>
internal static class StoreFactory
{
    public static async Task<ISigilumStore> OpenAsync(ControlPlaneOptions options, TimeProvider time, CancellationToken cancellationToken) => options.Store switch
    {
        // Claim changes written by this process wake push streams at once (ADR 0034); the store's default check of
        // PRAGMA data_version every 250 ms (only while a stream waits) covers other processes on the same file, well
        // inside DESIGN's "a revoke denies the next request within 1 s".
        "sqlite" => await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = options.SqlitePath!, TimeProvider = time }, cancellationToken),
        "postgres" => await PostgresSigilumStore.CreateAsync(new PostgresStoreOptions { ConnectionString = options.PostgresConnectionString!, TimeProvider = time }, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown store '{options.Store}'."),
    };
}
