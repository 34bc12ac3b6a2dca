using System.Text.Json;
using System.Data.Common;
using Sigilum.Storage.Data;
using Sigilum.Protocol.Jose;

namespace Sigilum.Vault.Store;

internal sealed partial class VaultStore
{
    /// <summary>The default audience an attestation's <c>aud</c> must contain (besides <c>sigil-sign</c>).</summary>
    public const string DefaultAudience = "sigil-vault";

    // ---- trust anchors -------------------------------------------------------------------------

    /// <summary>Adds or replaces the anchor for <see cref="TrustAnchor.Kid"/>.</summary>
    public Task AddTrustAnchorAsync(TrustAnchor anchor, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var command = session.Sql("""
                INSERT INTO trust_anchors(kid, fingerprint, issuer, jwk, source, created_at) VALUES (@k, @f, @i, @j, @s, @t)
                ON CONFLICT(kid) DO UPDATE SET fingerprint = excluded.fingerprint, issuer = excluded.issuer, jwk = excluded.jwk, source = excluded.source
                """).With("@k", anchor.Kid).With("@f", anchor.Fingerprint).With("@i", anchor.Issuer).With("@j", anchor.Key.ToJson())
                .With("@s", anchor.Source).With("@t", ToDb(anchor.CreatedAt));
            return await command.ExecuteAsync(cancellationToken);
        }, cancellationToken);

    public Task<bool> RemoveTrustAnchorAsync(string kid, CancellationToken cancellationToken = default) =>
        DeleteAsync("DELETE FROM trust_anchors WHERE kid = @k", kid, cancellationToken);

    public Task<IReadOnlyList<TrustAnchor>> ListTrustAnchorsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadAnchorsAsync(session, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<TrustAnchor>> ReadAnchorsAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT kid, fingerprint, issuer, jwk, source, created_at FROM trust_anchors ORDER BY kid");
        return await command.ReadRowsAsync(reader =>
        {
            var jwk = Jwk.Parse(reader.GetString(3));
            if (!jwk.IsSuccess)
            {
                // Written only after parsing, so this is a damaged store: refuse to guess.
                throw new VaultStoreException($"Trust anchor '{reader.GetString(0)}' holds an invalid JWK ({jwk.Error.Code}).");
            }
            return new TrustAnchor(reader.GetString(0), reader.GetString(1), reader.GetString(2), jwk.Value!, reader.GetString(4), FromDb(reader.GetInt64(5)));
        }, cancellationToken);
    }

    // ---- agents --------------------------------------------------------------------------------

    public Task AddAgentAsync(VaultAgent agent, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var command = session.Sql("INSERT INTO agents(id, name, token_hash, created_at) VALUES (@i, @n, @h, @t)")
                .With("@i", agent.Id).With("@n", agent.Name).With("@h", agent.TokenHash).With("@t", ToDb(agent.CreatedAt));
            return await command.ExecuteAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Revokes the agent; false when there is no such (active) agent.</summary>
    public Task<bool> RevokeAgentAsync(string id, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var command = session.Sql("UPDATE agents SET revoked_at = @t WHERE id = @i AND revoked_at IS NULL")
                .With("@t", ToDb(_time.GetUtcNow())).With("@i", id);
            return await command.ExecuteAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task<IReadOnlyList<VaultAgent>> ListAgentsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadAgentsAsync(session, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<VaultAgent>> ReadAgentsAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT id, name, token_hash, created_at, revoked_at FROM agents ORDER BY created_at, id");
        return await command.ReadRowsAsync(reader => new VaultAgent(reader.GetString(0), reader.GetString(1), reader.GetString(2), FromDb(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : FromDb(reader.GetInt64(4))), cancellationToken);
    }

    // ---- backends ------------------------------------------------------------------------------

    /// <summary>Adds a backend; false when the name is taken.</summary>
    public Task<bool> AddBackendAsync(BackendConfig backend, CancellationToken cancellationToken = default) =>
        WriteAsync(async session =>
        {
            await using var command = session.Sql("INSERT INTO backends(name, kind, options, created_at) VALUES (@n, @k, @o, @t) ON CONFLICT(name) DO NOTHING")
                .With("@n", backend.Name).With("@k", backend.Kind).With("@o", JsonSerializer.Serialize(backend.Options)).With("@t", ToDb(backend.CreatedAt));
            return await command.ExecuteAsync(cancellationToken) == 1;
        }, cancellationToken);

    /// <summary>Removes a backend no route uses; null when removed, else why not (<c>not_found</c>, <c>in_use</c>).</summary>
    public Task<string?> RemoveBackendAsync(string name, CancellationToken cancellationToken = default) =>
        WriteAsync<string?>(async session =>
        {
            if (await ExistsAsync(session, "SELECT COUNT(*) FROM routes WHERE backend = @v", name, cancellationToken))
            {
                return "in_use";
            }
            await using var command = session.Sql("DELETE FROM backends WHERE name = @n").With("@n", name);
            return await command.ExecuteAsync(cancellationToken) == 1 ? null : "not_found";
        }, cancellationToken);

    public Task<IReadOnlyList<BackendConfig>> ListBackendsAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadBackendsAsync(session, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<BackendConfig>> ReadBackendsAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT name, kind, options, created_at FROM backends ORDER BY name");
        return await command.ReadRowsAsync(reader => new BackendConfig(reader.GetString(0), reader.GetString(1),
            JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2)) ?? [], FromDb(reader.GetInt64(3))), cancellationToken);
    }

    // ---- routes --------------------------------------------------------------------------------

    /// <summary>Adds a route; null when added, else why not (<c>agent_not_found</c>, <c>backend_not_found</c>).</summary>
    public Task<string?> AddRouteAsync(RouteConfig route, CancellationToken cancellationToken = default) =>
        WriteAsync<string?>(async session =>
        {
            if (!await ExistsAsync(session, "SELECT COUNT(*) FROM agents WHERE id = @v", route.AgentId, cancellationToken))
            {
                return "agent_not_found";
            }
            if (!await ExistsAsync(session, "SELECT COUNT(*) FROM backends WHERE name = @v", route.Backend, cancellationToken))
            {
                return "backend_not_found";
            }
            await using var command = session.Sql("""
                INSERT INTO routes(id, seq, agent_id, host, path, backend, secret, headers, query, allow_private_network, created_at, scheme, port)
                VALUES (@i, (SELECT COALESCE(MAX(seq), 0) + 1 FROM routes), @a, @h, @p, @b, @s, @hd, @q, @pn, @t, @sc, @po)
                """).With("@i", route.Id).With("@a", route.AgentId).With("@h", route.HostPattern).With("@p", route.PathGlob)
                .With("@b", route.Backend).With("@s", route.SecretRef)
                .With("@hd", JsonSerializer.Serialize(route.Headers.Select(h => h.Name + "=" + h.Template).ToArray()))
                .With("@q", route.Query is null ? null : route.Query.Name + "=" + route.Query.Template)
                .With("@pn", route.AllowPrivateNetwork ? 1L : 0L).With("@t", ToDb(route.CreatedAt)).With("@sc", route.Scheme).With("@po", (long)route.Port);
            await command.ExecuteAsync(cancellationToken);
            return null;
        }, cancellationToken);

    public Task<bool> RemoveRouteAsync(string id, CancellationToken cancellationToken = default) =>
        DeleteAsync("DELETE FROM routes WHERE id = @k", id, cancellationToken);

    public Task<IReadOnlyList<RouteConfig>> ListRoutesAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(session => ReadRoutesAsync(session, cancellationToken), cancellationToken);

    private static async Task<IReadOnlyList<RouteConfig>> ReadRoutesAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT id, agent_id, host, path, backend, secret, headers, query, allow_private_network, created_at, scheme, port FROM routes ORDER BY seq");
        return await command.ReadRowsAsync(ReadRoute, cancellationToken);
    }

    private static RouteConfig ReadRoute(DbDataReader reader)
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
        return new RouteConfig(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            headers, query, reader.GetInt64(8) != 0, FromDb(reader.GetInt64(9)))
        {
            Scheme = reader.GetString(10),
            Port = checked((int)reader.GetInt64(11)),
        };
    }

    // ---- snapshot ------------------------------------------------------------------------------

    /// <summary>
    /// Reads everything, then the version again: a change committed in between makes it read once
    /// more, so the snapshot is consistent with the version it carries.
    /// </summary>
    public Task<VaultSnapshot> LoadSnapshotAsync(CancellationToken cancellationToken = default) =>
        ReadAsync(async session =>
        {
            while (true)
            {
                var version = await ReadVersionAsync(session, cancellationToken);
                var audience = await GetSettingAsync(session, AudienceSetting, cancellationToken) ?? DefaultAudience;
                var snapshot = new VaultSnapshot(version, audience,
                    await ReadAnchorsAsync(session, cancellationToken),
                    await ReadAgentsAsync(session, cancellationToken),
                    await ReadBackendsAsync(session, cancellationToken),
                    await ReadRoutesAsync(session, cancellationToken));
                if (await ReadVersionAsync(session, cancellationToken) == version)
                {
                    return snapshot;
                }
            }
        }, cancellationToken);

    private static async Task<long> ReadVersionAsync(SqlSession session, CancellationToken cancellationToken)
    {
        await using var command = session.Sql("SELECT version FROM config_version WHERE id = 0");
        return (long)(await command.ScalarAsync(cancellationToken))!;
    }

    private async Task<bool> DeleteAsync(string sql, string key, CancellationToken cancellationToken) =>
        await WriteAsync(async session =>
        {
            await using var command = session.Sql(sql).With("@k", key);
            return await command.ExecuteAsync(cancellationToken) == 1;
        }, cancellationToken);

    private static async Task<bool> ExistsAsync(SqlSession session, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = session.Sql(sql).With("@v", value);
        return await command.ScalarLongAsync(cancellationToken) > 0;
    }
}
