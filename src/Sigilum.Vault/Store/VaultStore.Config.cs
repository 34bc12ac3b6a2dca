using System.Text.Json;
using Microsoft.Data.Sqlite;
using Sigilum.Protocol.Jose;

namespace Sigilum.Vault.Store;

internal sealed partial class VaultStore
{
    /// <summary>The default audience an attestation's <c>aud</c> must contain (besides <c>sigil-sign</c>).</summary>
    public const string DefaultAudience = "sigil-vault";

    // ---- trust anchors -------------------------------------------------------------------------

    /// <summary>Adds or replaces the anchor for <see cref="TrustAnchor.Kid"/>.</summary>
    public Task AddTrustAnchorAsync(TrustAnchor anchor, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Sql(connection, """
                INSERT INTO trust_anchors(kid, fingerprint, issuer, jwk, source, created_at) VALUES ($k, $f, $i, $j, $s, $t)
                ON CONFLICT(kid) DO UPDATE SET fingerprint = excluded.fingerprint, issuer = excluded.issuer, jwk = excluded.jwk, source = excluded.source
                """, transaction);
            command.Parameters.AddWithValue("$k", anchor.Kid);
            command.Parameters.AddWithValue("$f", anchor.Fingerprint);
            command.Parameters.AddWithValue("$i", anchor.Issuer);
            command.Parameters.AddWithValue("$j", anchor.Key.ToJson());
            command.Parameters.AddWithValue("$s", anchor.Source);
            command.Parameters.AddWithValue("$t", anchor.CreatedAt.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<bool> RemoveTrustAnchorAsync(string kid, CancellationToken cancellationToken = default) =>
        DeleteAsync("DELETE FROM trust_anchors WHERE kid = $k", kid, cancellationToken);

    public Task<IReadOnlyList<TrustAnchor>> ListTrustAnchorsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadAnchorsAsync(connection, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<TrustAnchor>> ReadAnchorsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var list = new List<TrustAnchor>();
        await using var command = Sql(connection, "SELECT kid, fingerprint, issuer, jwk, source, created_at FROM trust_anchors ORDER BY kid");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var jwk = Jwk.Parse(reader.GetString(3));
            if (!jwk.IsSuccess)
            {
                // Written only after parsing, so this is a damaged store: refuse to guess.
                throw new VaultStoreException($"Trust anchor '{reader.GetString(0)}' holds an invalid JWK ({jwk.Error.Code}).");
            }
            list.Add(new TrustAnchor(reader.GetString(0), reader.GetString(1), reader.GetString(2), jwk.Value!, reader.GetString(4), FromDb(reader.GetInt64(5))));
        }
        return list;
    }

    // ---- agents --------------------------------------------------------------------------------

    public Task AddAgentAsync(VaultAgent agent, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Sql(connection, "INSERT INTO agents(id, name, token_hash, created_at) VALUES ($i, $n, $h, $t)", transaction);
            command.Parameters.AddWithValue("$i", agent.Id);
            command.Parameters.AddWithValue("$n", agent.Name);
            command.Parameters.AddWithValue("$h", agent.TokenHash);
            command.Parameters.AddWithValue("$t", agent.CreatedAt.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Revokes the agent; false when there is no such (active) agent.</summary>
    public Task<bool> RevokeAgentAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Sql(connection, "UPDATE agents SET revoked_at = $t WHERE id = $i AND revoked_at IS NULL", transaction);
            command.Parameters.AddWithValue("$t", Now());
            command.Parameters.AddWithValue("$i", id);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<VaultAgent>> ListAgentsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadAgentsAsync(connection, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<VaultAgent>> ReadAgentsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var list = new List<VaultAgent>();
        await using var command = Sql(connection, "SELECT id, name, token_hash, created_at, revoked_at FROM agents ORDER BY created_at, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new VaultAgent(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromDb(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : FromDb(reader.GetInt64(4))));
        }
        return list;
    }

    // ---- backends ------------------------------------------------------------------------------

    /// <summary>Adds a backend; false when the name is taken.</summary>
    public Task<bool> AddBackendAsync(BackendConfig backend, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var command = Sql(connection, "INSERT INTO backends(name, kind, options, created_at) VALUES ($n, $k, $o, $t) ON CONFLICT(name) DO NOTHING", transaction);
            command.Parameters.AddWithValue("$n", backend.Name);
            command.Parameters.AddWithValue("$k", backend.Kind);
            command.Parameters.AddWithValue("$o", JsonSerializer.Serialize(backend.Options));
            command.Parameters.AddWithValue("$t", backend.CreatedAt.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    /// <summary>Removes a backend no route uses; null when removed, else why not (<c>not_found</c>, <c>in_use</c>).</summary>
    public Task<string?> RemoveBackendAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync<string?>(async (connection, transaction) =>
        {
            await using (var used = Sql(connection, "SELECT COUNT(*) FROM routes WHERE backend = $n", transaction))
            {
                used.Parameters.AddWithValue("$n", name);
                if ((long)(await used.ExecuteScalarAsync(cancellationToken))! > 0)
                {
                    return "in_use";
                }
            }
            await using var command = Sql(connection, "DELETE FROM backends WHERE name = $n", transaction);
            command.Parameters.AddWithValue("$n", name);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? null : "not_found";
        }, cancellationToken);

    public Task<IReadOnlyList<BackendConfig>> ListBackendsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadBackendsAsync(connection, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<BackendConfig>> ReadBackendsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var list = new List<BackendConfig>();
        await using var command = Sql(connection, "SELECT name, kind, options, created_at FROM backends ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var options = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [];
            list.Add(new BackendConfig(reader.GetString(0), reader.GetString(1), options, FromDb(reader.GetInt64(3))));
        }
        return list;
    }

    // ---- routes --------------------------------------------------------------------------------

    /// <summary>Adds a route; null when added, else why not (<c>agent_not_found</c>, <c>backend_not_found</c>).</summary>
    public Task<string?> AddRouteAsync(RouteConfig route, CancellationToken cancellationToken = default) =>
        WriteAsync<string?>(async (connection, transaction) =>
        {
            if (!await ExistsAsync(connection, transaction, "SELECT COUNT(*) FROM agents WHERE id = $v", route.AgentId, cancellationToken))
            {
                return "agent_not_found";
            }
            if (!await ExistsAsync(connection, transaction, "SELECT COUNT(*) FROM backends WHERE name = $v", route.Backend, cancellationToken))
            {
                return "backend_not_found";
            }
            await using var command = Sql(connection, """
                INSERT INTO routes(id, seq, agent_id, host, path, backend, secret, headers, query, allow_private_network, created_at, scheme, port)
                VALUES ($i, (SELECT COALESCE(MAX(seq), 0) + 1 FROM routes), $a, $h, $p, $b, $s, $hd, $q, $pn, $t, $sc, $po)
                """, transaction);
            command.Parameters.AddWithValue("$i", route.Id);
            command.Parameters.AddWithValue("$a", route.AgentId);
            command.Parameters.AddWithValue("$h", route.HostPattern);
            command.Parameters.AddWithValue("$p", route.PathGlob);
            command.Parameters.AddWithValue("$b", route.Backend);
            command.Parameters.AddWithValue("$s", route.SecretRef);
            command.Parameters.AddWithValue("$hd", JsonSerializer.Serialize(route.Headers.Select(h => h.Name + "=" + h.Template).ToArray()));
            command.Parameters.AddWithValue("$q", route.Query is null ? DBNull.Value : route.Query.Name + "=" + route.Query.Template);
            command.Parameters.AddWithValue("$pn", route.AllowPrivateNetwork ? 1 : 0);
            command.Parameters.AddWithValue("$t", route.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sc", route.Scheme);
            command.Parameters.AddWithValue("$po", route.Port);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }, cancellationToken);

    public Task<bool> RemoveRouteAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteAsync("DELETE FROM routes WHERE id = $k", id, cancellationToken);

    public Task<IReadOnlyList<RouteConfig>> ListRoutesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(connection => ReadRoutesAsync(connection, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<RouteConfig>> ReadRoutesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var list = new List<RouteConfig>();
        await using var command = Sql(connection, "SELECT id, agent_id, host, path, backend, secret, headers, query, allow_private_network, created_at, scheme, port FROM routes ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var headers = new List<HeaderTemplate>();
            foreach (var text in JsonSerializer.Deserialize<string[]>(reader.GetString(6)) ?? [])
            {
                headers.Add(HeaderTemplate.TryParse(text, isHeader: true, out var header, out _) ? header : throw new VaultStoreException($"Route '{reader.GetString(0)}' holds an invalid header template."));
            }
            HeaderTemplate? query = null;
            if (!reader.IsDBNull(7) && !HeaderTemplate.TryParse(reader.GetString(7), isHeader: false, out query, out _))
            {
                throw new VaultStoreException($"Route '{reader.GetString(0)}' holds an invalid query template.");
            }
            list.Add(new RouteConfig(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                headers, query, reader.GetInt64(8) != 0, FromDb(reader.GetInt64(9)))
            {
                Scheme = reader.GetString(10),
                Port = checked((int)reader.GetInt64(11)),
            });
        }
        return list;
    }

    // ---- snapshot ------------------------------------------------------------------------------

    /// <summary>
    /// Reads everything, then the version again: a change committed in between makes it read once
    /// more, so the snapshot is consistent with the version it carries.
    /// </summary>
    public Task<VaultSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async connection =>
        {
            while (true)
            {
                var version = await ReadVersionAsync(connection, cancellationToken);
                var audience = await GetSettingAsync(connection, AudienceSetting, cancellationToken) ?? DefaultAudience;
                var snapshot = new VaultSnapshot(version, audience,
                    await ReadAnchorsAsync(connection, cancellationToken),
                    await ReadAgentsAsync(connection, cancellationToken),
                    await ReadBackendsAsync(connection, cancellationToken),
                    await ReadRoutesAsync(connection, cancellationToken));
                if (await ReadVersionAsync(connection, cancellationToken) == version)
                {
                    return snapshot;
                }
            }
        }, cancellationToken);

    private static async Task<long> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = Sql(connection, "SELECT version FROM config_version WHERE id = 0");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<bool> DeleteAsync(string sql, string key, CancellationToken cancellationToken) =>
        await WriteAsync(async (connection, transaction) =>
        {
            await using var command = Sql(connection, sql, transaction);
            command.Parameters.AddWithValue("$k", key);
            return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    private static async Task<bool> ExistsAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = Sql(connection, sql, transaction);
        command.Parameters.AddWithValue("$v", value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
    }
}
