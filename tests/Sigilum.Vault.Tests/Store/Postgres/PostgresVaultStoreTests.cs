using System.Text.Json;
using Npgsql;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;
using Sigilum.Testing.Postgres;

namespace Sigilum.Vault.Store.Postgres;

/// <summary>
/// The vault's store on PostgreSQL (ADR 0068): the same statements as on SQLite, several instances over one database,
/// changes reaching every instance by NOTIFY, and an unreachable database refused with <c>DB_UNAVAILABLE</c> until
/// it answers again.
/// </summary>
[Collection(PostgresVaultCollection.Name)]
public sealed class PostgresVaultStoreTests(PostgresServer server)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Every kind of row, with every optional part, written the same way through any store.</summary>
    private static async Task SeedAsync(VaultStore store, Ed25519KeyPair key)
    {
        await store.SetAudienceAsync("team-vault");
        await store.AddTrustAnchorAsync(new TrustAnchor("k1", RawKeyFingerprint.Compute(key.PublicKey), "sigilum", Jwk.FromPublicKey(key.PublicKey, "k1"), "test", T0));
        await store.AddAgentAsync(new VaultAgent("agt_b", "bot", VaultStore.HashToken("svt_b"), T0, null));
        await store.AddAgentAsync(new VaultAgent("agt_a", "gone", VaultStore.HashToken("svt_a"), T0.AddSeconds(1), null));
        Assert.True(await store.RevokeAgentAsync("agt_a"));
        Assert.True(await store.AddBackendAsync(new BackendConfig("dev", "env", new Dictionary<string, string> { ["prefix"] = "VAULT_" }, T0)));
        Assert.False(await store.AddBackendAsync(new BackendConfig("dev", "env", new Dictionary<string, string>(), T0)));
        Assert.True(HeaderTemplate.TryParse("X-Key=Key {{credential}}", true, out var header, out _));
        Assert.True(HeaderTemplate.TryParse("k={{credential}}", false, out var query, out _));
        Assert.Null(await store.AddRouteAsync(new RouteConfig("rt_2", "agt_b", "api.example.com", "/v1/*", "dev", "KEY", [header], query, false, T0)));
        Assert.Null(await store.AddRouteAsync(new RouteConfig("rt_1", "agt_b", "*.internal.test", "/*", "dev", "OTHER", [], null, true, T0) { Scheme = "http", Port = 8080 }));
        Assert.Equal("agent_not_found", await store.AddRouteAsync(new RouteConfig("rt_3", "agt_x", "a.test", "/*", "dev", "K", [], null, false, T0)));
        Assert.Equal("in_use", await store.RemoveBackendAsync("dev"));
    }

    /// <summary>The snapshot as text, minus the version (each engine counts its own writes the same way, but compare the data).</summary>
    private static async Task<string> DescribeAsync(VaultStore store)
    {
        var snapshot = await store.LoadSnapshotAsync();
        return JsonSerializer.Serialize(new
        {
            snapshot.Audience,
            Anchors = snapshot.Anchors.Values.OrderBy(a => a.Kid, StringComparer.Ordinal).Select(a => new { a.Kid, a.Fingerprint, a.Issuer, Key = a.Key.ToJson(), a.Source, a.CreatedAt }),
            Agents = (await store.ListAgentsAsync()).Select(a => new { a.Id, a.Name, a.TokenHash, a.CreatedAt, Revoked = a.RevokedAt is not null }),
            Backends = (await store.ListBackendsAsync()).Select(b => new { b.Name, b.Kind, b.Options, b.CreatedAt }),
            Routes = snapshot.Routes.Select(r => new
            {
                r.Id, r.AgentId, r.HostPattern, r.PathGlob, r.Backend, r.SecretRef, Headers = r.Headers.Select(h => h.Name + "=" + h.Template),
                Query = r.Query?.Template, r.AllowPrivateNetwork, r.CreatedAt, r.Scheme, r.Port,
            }),
        });
    }

    [Fact]
    public async Task Store_SameChangesOnSqliteAndPostgres_ReadBackTheSame()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        using var home = new TempDirectory("sigil-vault-pg-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await using var sqlite = await VaultStore.CreateAsync(paths, TimeProvider.System);
        await using var postgres = await VaultStore.CreateAsync(paths, database.Location(), TimeProvider.System);

        using var key = Ed25519KeyPair.Generate();
        await SeedAsync(sqlite, key);
        await SeedAsync(postgres, key);

        Assert.Equal(await DescribeAsync(sqlite), await DescribeAsync(postgres));
        Assert.Equal(await sqlite.GetVersionAsync(), await postgres.GetVersionAsync());
        Assert.Equal(["rt_2", "rt_1"], (await postgres.ListRoutesAsync()).Select(r => r.Id));
    }

    [Fact]
    public async Task Change_ThroughOneInstance_ReachesTheOtherByNotification()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        using var home = new TempDirectory("sigil-vault-pg-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await using var first = await VaultStore.CreateAsync(paths, database.Location(), TimeProvider.System);
        // No poll for an hour: only the NOTIFY sent at commit can move this instance's version.
        await using var second = await VaultStore.OpenAsync(paths, database.Location(SharedVaultDatabase.QuickWatch with { PollInterval = TimeSpan.FromHours(1) }), TimeProvider.System);
        using var version = await second.CreateVersionSourceAsync();
        var before = version.Read();

        await first.AddAgentAsync(new VaultAgent("agt_new", "new", VaultStore.HashToken("svt_new"), T0, null));

        await Eventually.UntilAsync(() => version.Read() > before, "the notification of the change");
        Assert.Equal(await first.GetVersionAsync(), version.Read());
        Assert.True((await second.LoadSnapshotAsync()).IsAgentActive("agt_new"));
    }

    [Fact]
    public async Task STO_11_PostgresSchemaFromANewerBuild_RefusedToOpen()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        using var home = new TempDirectory("sigil-vault-pg-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await (await VaultStore.CreateAsync(paths, database.Location(), TimeProvider.System)).DisposeAsync();
        await using (var source = NpgsqlDataSource.Create(database.ConnectionString))
        await using (var newer = source.CreateCommand("INSERT INTO vault_migrations VALUES (99, 'future', 'x', now())"))
        {
            await newer.ExecuteNonQueryAsync();
        }

        var refused = await Assert.ThrowsAsync<VaultStoreException>(() => VaultStore.OpenAsync(paths, database.Location(), TimeProvider.System));

        Assert.Contains("newer than this build", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(database.ConnectionString, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task STO_13_StoreUnreachable_RefusedStoreUnavailable_ThenCatchesUpWithoutRestart()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        await using var relay = database.StartRelay();
        using var home = new TempDirectory("sigil-vault-pg-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await using var direct = await VaultStore.CreateAsync(paths, database.Location(), TimeProvider.System);
        await using var behindRelay = await VaultStore.OpenAsync(paths, database.Through(relay), TimeProvider.System);
        using var version = await behindRelay.CreateVersionSourceAsync();
        _ = version.Read();

        relay.Cut();
        await Eventually.UntilAsync(() => ReadFails(version), "the watcher to notice the outage");
        await Assert.ThrowsAsync<StoreUnavailableException>(() => behindRelay.ListAgentsAsync());
        // Changed elsewhere while this instance could not listen: the reconnect's read must catch up.
        await direct.AddAgentAsync(new VaultAgent("agt_during", "during", VaultStore.HashToken("svt_during"), T0, null));
        relay.Restore();

        await Eventually.UntilAsync(() => !ReadFails(version) && version.Read() == direct.GetVersionAsync().GetAwaiter().GetResult(), "the reconnect");
        Assert.Contains(await behindRelay.ListAgentsAsync(), a => a.Id == "agt_during");
    }

    private static bool ReadFails(IConfigVersionSource version)
    {
        try
        {
            version.Read();
            return false;
        }
        catch (StoreUnavailableException)
        {
            return true;
        }
    }
}
