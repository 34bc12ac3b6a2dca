using Sigilum.Core.Storage;
using Sigilum.Storage.Postgres;
using Sigilum.Storage.Sqlite;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>Opens and migrates the configured store (migrations are safe when several instances start at once).</summary>
internal static class StoreFactory
{
    public static async Task<ISigilumStore> OpenAsync(ControlPlaneOptions options, TimeProvider time, CancellationToken cancellationToken) => options.Store switch
    {
        // Claim changes must reach push streams within 100 ms. Writes in this process wake streams at once;
        // a 50 ms poll of the feed head (only while a stream waits) covers other processes on the same file.
        "sqlite" => await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = options.SqlitePath!, TimeProvider = time, ChangePollInterval = TimeSpan.FromMilliseconds(50) }, cancellationToken),
        "postgres" => await PostgresSigilumStore.CreateAsync(new PostgresStoreOptions { ConnectionString = options.PostgresConnectionString!, TimeProvider = time }, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown store '{options.Store}'."),
    };
}
