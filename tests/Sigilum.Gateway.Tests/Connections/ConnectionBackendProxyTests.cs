using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Hosting;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The whole gateway (real control plane, signed agent, approval) with <c>Gateway:Backends</c> configured:
/// a connection whose secret is <c>{{backend:vault1:…}}</c> forwards with the value fetched from the fake
/// HashiCorp Vault, and the agent never sees it.
/// </summary>
public sealed class ConnectionBackendProxyTests : IAsyncLifetime
{
    private const string Secret = "sk-jit-from-vault-0123456789";
    private readonly List<string> _upstreamAuthorization = [];
    private readonly TempDirectory _files = new("sigilum-gw-backend-");
    private FakeHashiCorpVault _vault = null!;
    private GatewayStack _stack = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = Secret });
        var tokenFile = Path.Combine(_files.Path, "vault-token");
        await File.WriteAllTextAsync(tokenFile, _vault.IssueToken(TimeSpan.FromHours(1)));
        _stack = await GatewayStack.StartAsync(EchoAsync, options => options.Backends =
        [
            new GatewayBackendOptions { Name = "vault1", Kind = "hashicorp-vault", Options = new() { ["vault_addr"] = _vault.BaseUri.ToString(), ["token_file"] = tokenFile } },
        ]);
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _vault.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Proxy_ConnectionSecretIsBackendPlaceholder_UpstreamReceivesFetchedValue()
    {
        using (var admin = _stack.AdminClient())
        {
            (await admin.PostAsJsonAsync($"api/admin/connections/{GatewayStack.Service}/rotate",
                new { secrets = new { api_key = "{{backend:vault1:secret/data/openai#api_key}}" } })).EnsureSuccessStatusCode();
        }
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models"))
        {
        }
        await _stack.ApprovePendingAsync(agent);

        using var response = await SendUntilOkAsync(client, $"proxy/{GatewayStack.Service}/v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Bearer " + Secret, Assert.Single(_upstreamAuthorization));
        Assert.DoesNotContain(Secret, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(_vault.Host.Requests, r => r.StartsWith("GET /v1/secret/data/openai", StringComparison.Ordinal));
    }

    private async Task EchoAsync(HttpContext context)
    {
        lock (_upstreamAuthorization)
        {
            _upstreamAuthorization.Add(context.Request.Headers.Authorization.ToString());
        }
        await context.Response.WriteAsJsonAsync(new { authorization = context.Request.Headers.Authorization.ToString() });
    }

    /// <summary>The approval reaches the gateway by push (as in GatewayHostTests): retry briefly until it has.</summary>
    private static async Task<HttpResponseMessage> SendUntilOkAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode == HttpStatusCode.OK || attempt == 100)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(10);
        }
    }
}
