using Sigilum.Core.Storage;
using Sigilum.Storage.Sqlite;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>Opens and migrates the configured store.</summary>
internal static class StoreFactory
{
    public static async Task<ISigilumStore> OpenAsync(ControlPlaneOptions options, TimeProvider time, CancellationToken cancellationToken) => options.Store switch
    {
        "sqlite" => await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = options.SqlitePath!, TimeProvider = time }, cancellationToken),
        _ => throw new InvalidOperationException($"Store '{options.Store}' is not available in this build."),
    };
}
