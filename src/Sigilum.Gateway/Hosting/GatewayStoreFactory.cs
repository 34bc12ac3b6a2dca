using Sigilum.Core.Storage;
using Sigilum.Storage.Postgres;
using Sigilum.Storage.Sqlite;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Opens and migrates the gateway's store: replay state and connections. SQLite by default; PostgreSQL
/// lets several gateways share them (one nonce accepted once across all, DESIGN §4 "Scale-out").
/// </summary>
internal static class GatewayStoreFactory
{
    public static async Task<ISigilumStore> OpenAsync(GatewayOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.Store == "postgres")
        {
            return await PostgresSigilumStore.CreateAsync(new PostgresStoreOptions { ConnectionString = options.PostgresConnectionString!, TimeProvider = time }, cancellationToken);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.SqliteFile))!);
        return await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = options.SqliteFile, TimeProvider = time }, cancellationToken);
    }
}
