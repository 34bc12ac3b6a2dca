using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Sigilum.Vault.Store;

internal sealed partial class VaultStore
{
    private const string MigrationPrefix = "Sigilum.Vault.Store.Migrations.";

    private static readonly Lazy<IReadOnlyList<(int Version, string Name, string Sql, string Checksum)>> Migrations = new(LoadMigrations);

    /// <summary>
    /// Enables WAL and applies the embedded migrations not yet recorded, in one transaction. A store
    /// recording a migration this build does not know, or a different checksum, is refused (STO-11).
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await OpenConnectionAsync(cancellationToken))
        {
            await using var wal = Sql(connection, "PRAGMA journal_mode = WAL");
            var mode = (string?)await wal.ExecuteScalarAsync(cancellationToken);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new VaultStoreException($"SQLite refused WAL mode for {Path} (journal_mode is '{mode}').");
            }
        }
        await WriteAsync(async (connection, transaction) =>
        {
            await using (var ledger = Sql(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at INTEGER NOT NULL)", transaction))
            {
                await ledger.ExecuteNonQueryAsync(cancellationToken);
            }
            var applied = new Dictionary<int, string>();
            await using (var read = Sql(connection, "SELECT version, checksum FROM schema_migrations", transaction))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied[reader.GetInt32(0)] = reader.GetString(1);
                }
            }
            foreach (var (version, checksum) in applied)
            {
                var known = Migrations.Value.FirstOrDefault(m => m.Version == version);
                if (known.Sql is null || !string.Equals(known.Checksum, checksum, StringComparison.Ordinal))
                {
                    throw new VaultStoreException($"The vault store {Path} has schema migration {version} that this build does not know; refusing to use it.");
                }
            }
            foreach (var migration in Migrations.Value.Where(m => !applied.ContainsKey(m.Version)))
            {
                await using (var script = Sql(connection, migration.Sql, transaction))
                {
                    await script.ExecuteNonQueryAsync(cancellationToken);
                }
                await using var record = Sql(connection, "INSERT INTO schema_migrations(version, name, checksum, applied_at) VALUES ($v, $n, $c, $t)", transaction);
                record.Parameters.AddWithValue("$v", migration.Version);
                record.Parameters.AddWithValue("$n", migration.Name);
                record.Parameters.AddWithValue("$c", migration.Checksum);
                record.Parameters.AddWithValue("$t", Now());
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
            return 0;
        }, cancellationToken, changes: false);
    }

    private static List<(int, string, string, string)> LoadMigrations()
    {
        var assembly = typeof(VaultStore).Assembly;
        var list = new List<(int, string, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(MigrationPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[MigrationPrefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var sql = reader.ReadToEnd();
            list.Add((version, name, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)))));
        }
        return list;
    }

    /// <summary>A reader of the configuration version on its own connection (the proxy's per-request check); the caller disposes it.</summary>
    public ConfigVersionReader CreateVersionReader() =>
        new(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false, Mode = SqliteOpenMode.ReadWrite }.ToString());

    /// <summary>The current configuration version (one indexed read).</summary>
    public Task<long> GetVersionAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadVersionAsync(connection, cancellationToken), cancellationToken);

    public Task<string?> GetSettingAsync(string name, CancellationToken cancellationToken = default) =>
        ReadAsync(connection => GetSettingAsync(connection, name, cancellationToken), cancellationToken);

    private static async Task<string?> GetSettingAsync(SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = Sql(connection, "SELECT value FROM settings WHERE name = $n");
        command.Parameters.AddWithValue("$n", name);
        return (string?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public Task SetSettingAsync(string name, string value, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Sql(connection, "INSERT INTO settings(name, value) VALUES ($n, $v) ON CONFLICT(name) DO UPDATE SET value = excluded.value", transaction);
            command.Parameters.AddWithValue("$n", name);
            command.Parameters.AddWithValue("$v", value);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task SetAudienceAsync(string audience, CancellationToken cancellationToken = default) => SetSettingAsync(AudienceSetting, audience, cancellationToken);
}
