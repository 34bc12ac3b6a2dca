using Sigilum.Testing;

namespace Sigilum.Vault.Store;

/// <summary>
/// The SQLite store keeps its file layout when the store moved onto the shared core (ADR 0068):
/// <c>Fixtures/vault-schema-0002.db</c> was written by the previous build's <c>sigil-vault</c> (init, agents create and
/// revoke, backends add, two routes, trust add) and opens with every row intact and writable.
/// </summary>
public sealed class LegacyStoreTests
{
    [Fact]
    public async Task Open_VaultDbWrittenByThePreviousBuild_KeepsEveryRow()
    {
        using var home = new TempDirectory("sigil-vault-legacy-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        Directory.CreateDirectory(paths.Directory);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Store", "Fixtures", "vault-schema-0002.db"), paths.Database);

        await using var store = await VaultStore.OpenAsync(paths, TimeProvider.System);
        var snapshot = await store.LoadSnapshotAsync();

        Assert.Equal((9L, "my-vault"), (snapshot.Version, snapshot.Audience));
        var anchor = Assert.Single(snapshot.Anchors.Values);
        Assert.Equal(("k1", "sigilum", "sha256:ae216c2ef5247a3782c135efa279a3e4cdc61094270f5d2be58c6204b7a612c9"), (anchor.Kid, anchor.Issuer, anchor.Fingerprint));
        Assert.Equal(["bot:active", "gone:revoked"], (await store.ListAgentsAsync()).Select(a => a.Name + ":" + (a.IsActive ? "active" : "revoked")));
        var backend = Assert.Single(snapshot.Backends.Values);
        Assert.Equal(("dev", "env", "VAULT_"), (backend.Name, backend.Kind, backend.Options["prefix"]));
        Assert.Collection(snapshot.Routes,
            r => Assert.Equal(("api.example.com", "/v1/*", "OPENAI_API_KEY", "X-Key=Key {{credential}}", "k={{credential}}", false, "https", 443),
                (r.HostPattern, r.PathGlob, r.SecretRef, r.Headers.Single().Name + "=" + r.Headers.Single().Template, r.Query!.Name + "=" + r.Query.Template, r.AllowPrivateNetwork, r.Scheme, r.Port)),
            r => Assert.Equal(("*.internal.test", "OTHER", true, "http", 8080), (r.HostPattern, r.SecretRef, r.AllowPrivateNetwork, r.Scheme, r.Port)));

        Assert.True(await store.RevokeAgentAsync(snapshot.Routes[0].AgentId));
        Assert.Equal(10, await store.GetVersionAsync());
    }
}
