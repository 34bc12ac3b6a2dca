using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Protocol.Errors;
using Sigilum.Testing.Fakes;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Issue #7 §4: a connection secret <c>{{backend:NAME:REF}}</c> is fetched just in time from a configured
/// backend (here the faithful fake HashiCorp Vault) and never stored.
/// </summary>
public sealed class ConnectionBackendTests : IAsyncLifetime
{
    private const string Secret = "sk-from-vault-0123456789";
    private const string Placeholder = "{{backend:vault1:secret/data/openai#api_key}}";
    private FakeHashiCorpVault _vault = null!;
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = Secret, ["org"] = "o" });
        _host = await ConnectionsHarness.StartAsync(
            backends: [new GatewayBackendOptions { Name = "vault1", Kind = "hashicorp-vault", Options = new() { ["vault_addr"] = _vault.BaseUri.ToString(), ["token_env"] = "VAULT_TOKEN" } }],
            environmentVariables: new Dictionary<string, string> { ["VAULT_TOKEN"] = _vault.IssueToken(TimeSpan.FromHours(1)) });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _vault.DisposeAsync();
    }

    private async Task<ConnectionResolution> CreateAndResolveAsync(string stored)
    {
        await _host.CreateAsync(new { id = "svc", base_url = "https://api.example.com", auth_secret_key = "api_key", secrets = new { api_key = stored } });
        return await _host.Resolver.ResolveAsync("svc", CancellationToken.None);
    }

    [Fact]
    public async Task ResolveAsync_BackendPlaceholder_FetchedFromVaultAndInjected()
    {
        using var resolution = await CreateAndResolveAsync("  " + Placeholder + " ");

        Assert.True(resolution.Succeeded, resolution.Error?.Message);
        Assert.Equal("Bearer " + Secret, Encoding.UTF8.GetString(resolution.Header!.Value));
        Assert.Equal(Secret, Encoding.UTF8.GetString(Assert.Single(resolution.Secrets)));
        Assert.Contains(_vault.Host.Requests, r => r.StartsWith("GET /v1/secret/data/openai", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_UnknownBackend_400ConnectionUnusable()
    {
        using var resolution = await CreateAndResolveAsync("{{backend:nope:secret/data/openai#api_key}}");

        Assert.False(resolution.Succeeded);
        Assert.Equal((400, ErrorCatalogue.ConnectionUnusable), (resolution.Error.Status, resolution.Error.Code));
        Assert.Contains("\"nope\"", resolution.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_vault.Host.Requests);
    }

    [Fact]
    public async Task ResolveAsync_BackendHangs_504BackendTimeoutAndNoCredential()
    {
        await _host.CreateAsync(new { id = "svc", base_url = "https://api.example.com", auth_secret_key = "api_key", secrets = new { api_key = Placeholder } });
        _vault.Host.Hang = true;
        var arrived = _vault.Host.NextRequestAsync();

        var resolving = _host.Resolver.ResolveAsync("svc", CancellationToken.None);
        await arrived;
        _host.Clock.Advance(TimeSpan.FromSeconds(5));
        using var resolution = await resolving;

        Assert.False(resolution.Succeeded);
        Assert.Equal((504, ErrorCatalogue.BackendTimeout), (resolution.Error.Status, resolution.Error.Code));
        Assert.Null(resolution.Header);
        Assert.Empty(resolution.Secrets);
    }

    [Fact]
    public async Task ResolveAsync_BackendThrottles_502BackendThrottled()
    {
        _vault.Host.Enqueue(429, """{"errors":["rate limit quota exceeded"]}""");

        using var resolution = await CreateAndResolveAsync(Placeholder);

        Assert.False(resolution.Succeeded);
        Assert.Equal((502, "BACKEND_THROTTLED"), (resolution.Error.Status, resolution.Error.Code));
        Assert.DoesNotContain(Secret, resolution.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_SecretMissingInBackend_502NotFound()
    {
        using var resolution = await CreateAndResolveAsync("{{backend:vault1:secret/data/absent#api_key}}");

        Assert.Equal((502, "BACKEND_SECRET_NOT_FOUND"), (resolution.Error!.Status, resolution.Error.Code));
    }

    [Fact]
    public async Task BackendErrorText_SecretMissingInBackend_AgentMessageNamesNoReferenceVariableOrAddress()
    {
        using var resolution = await CreateAndResolveAsync("{{backend:vault1:secret/data/team-x/absent#api_key}}");

        Assert.Equal((502, "BACKEND_SECRET_NOT_FOUND"), (resolution.Error!.Status, resolution.Error.Code));
        foreach (var hidden in new[] { "team-x", "secret/data", "#api_key", _vault.BaseUri.Authority, "VAULT_TOKEN" })
        {
            Assert.DoesNotContain(hidden, resolution.Error.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task BackendFetchFailed_OperatorLog_KeepsTheBackendsDetailTheAgentDoesNotGet()
    {
        using var resolution = await CreateAndResolveAsync("{{backend:vault1:secret/data/team-x/absent#api_key}}");

        // The agent's text is fixed per code; the operator still learns which reference failed, from the log alone.
        var line = Assert.Single(_host.Logs.Lines, l => l.Contains("fetching its secret from backend vault1 failed", StringComparison.Ordinal));
        Assert.Contains("team-x", line, StringComparison.Ordinal);
        Assert.DoesNotContain("team-x", resolution.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_AfterFetch_StoreStillHoldsOnlyThePlaceholder()
    {
        using (var resolution = await CreateAndResolveAsync(Placeholder))
        {
            Assert.True(resolution.Succeeded, resolution.Error?.Message);
        }

        var connection = (await _host.Store.Connections.GetAsync("svc", CancellationToken.None))!;
        var stored = (await _host.Store.Connections.GetSecretAsync("svc", connection.SecretVersion, CancellationToken.None))!;
        using var opened = _host.Services.GetRequiredService<ConnectionSealer>().OpenSecrets("svc", connection.SecretVersion, stored.Sealed)!;
        Assert.True(opened.TryGet("api_key", out var value));
        Assert.Equal(Placeholder, Encoding.UTF8.GetString(value));
        foreach (var file in Directory.GetFiles(_host.Directory.Path).Where(f => Path.GetFileName(f).StartsWith("gateway.db", StringComparison.Ordinal)))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)));
        }
    }

    [Fact]
    public async Task ResolveAsync_TwoResolves_EachFetchesWhileUncachedKv()
    {
        // KV v2 without cache_ttl is not cached: every request fetches just in time (a rotation in Vault applies at once).
        using (var first = await CreateAndResolveAsync(Placeholder))
        {
            Assert.True(first.Succeeded, first.Error?.Message);
        }
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = Secret + "-rotated" });

        using var second = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal("Bearer " + Secret + "-rotated", Encoding.UTF8.GetString(second.Header!.Value));
    }
}
