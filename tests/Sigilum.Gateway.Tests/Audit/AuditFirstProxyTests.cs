using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Core.Audit;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// Issue #12 item 5 on the whole gateway (real control plane, signed and approved agent): the release record is
/// durable before a backend is asked for the credential, a failed audit log stays failed (no backend fetch, not even
/// a connection upstream) until an operator reopens it, and readiness says so meanwhile.
/// </summary>
public sealed class AuditFirstProxyTests : IAsyncLifetime
{
    private const string Secret = "sk-jit-from-vault-0123456789";
    private readonly AuditFaults _faults = new();
    private BackedConnectionStack _backed = null!;
    private CountingUpstream _upstream = null!;
    private GatewayStack _stack = null!;

    public async Task InitializeAsync()
    {
        _backed = await BackedConnectionStack.StartAsync(Secret, log => FaultyAuditFile.Inject(log, _faults));
        (_upstream, _stack) = (_backed.Upstream, _backed.Stack);
    }

    public async Task DisposeAsync()
    {
        await _backed.DisposeAsync();
    }

    [Fact]
    public async Task STO_01_DiskFullWhileAppendingTheRelease_503BeforeTheBackendIsAsked_NothingForwarded_NotReady()
    {
        var client = await ApprovedClientAsync();
        using (var first = await SendUntilOkAsync(client))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        Assert.Equal((1, 1), (Fetches(), _upstream.Connections));

        _faults.DiskFull = true;

        using (var refused = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(ErrorCatalogue.AuditUnavailable, await CodeAsync(refused));
        }
        Assert.Equal((1, 1), (Fetches(), _upstream.Connections));
        using (var http = new HttpClient())
        using (var ready = await http.GetAsync(new Uri(_stack.GatewayUri, "health/ready")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("audit", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        // Space freed: still refused (sticky, STO-02) until the operator reopens.
        _faults.DiskFull = false;
        using (var still = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, still.StatusCode);
        }
        Assert.Equal((1, 1), (Fetches(), _upstream.Connections));
        using (var admin = _stack.AdminClient())
        using (var reopen = await admin.PostAsync("api/admin/audit/reopen", null))
        {
            Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
        }
        using var resumed = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
    }

    [Fact]
    public async Task Reopen_StorageStillFull_503AuditUnavailable_AndReleasesStayRefused()
    {
        var client = await ApprovedClientAsync();
        using (await SendUntilOkAsync(client))
        {
        }
        _faults.DiskFull = true;
        using (await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models"))
        {
        }

        using (var admin = _stack.AdminClient())
        using (var reopen = await admin.PostAsync("api/admin/audit/reopen", null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, reopen.StatusCode);
            Assert.Equal(ErrorCatalogue.AuditUnavailable, await CodeAsync(reopen));
        }
        using var refused = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(1, Fetches());
    }

    [Fact]
    public async Task STO_04_AuditFileDeletedWhileRunning_503AuditUnavailable_NoBackendFetch_NoUpstreamConnection_UntilReopened()
    {
        var client = await ApprovedClientAsync();
        using (var first = await SendUntilOkAsync(client))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        Assert.Equal((1, 1), (Fetches(), _upstream.Connections));

        File.Delete(Path.Combine(_stack.DataDirectory, "audit", AuditLogOptions.LogFileName));

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var refused = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(ErrorCatalogue.AuditUnavailable, await CodeAsync(refused));
        }
        // Not a single backend fetch (no lease minted without its record), not even a connect upstream.
        Assert.Equal((1, 1), (Fetches(), _upstream.Connections));
        using (var http = new HttpClient())
        using (var ready = await http.GetAsync(new Uri(_stack.GatewayUri, "health/ready")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("audit", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var admin = _stack.AdminClient())
        using (var reopen = await admin.PostAsync("api/admin/audit/reopen", null))
        {
            Assert.Equal(HttpStatusCode.OK, reopen.StatusCode);
            Assert.True(JsonDocument.Parse(await reopen.Content.ReadAsStringAsync()).RootElement.GetProperty("available").GetBoolean());
        }
        using var resumed = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal((2, 2), (Fetches(), _upstream.Connections));
    }

    [Fact]
    public async Task Release_RecordNamesTheBackend_AndPrecedesTheFetch()
    {
        var client = await ApprovedClientAsync();
        using (var ok = await SendUntilOkAsync(client))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        await _stack.StopGatewayAsync();

        var records = File.ReadAllLines(Path.Combine(_stack.DataDirectory, "audit", AuditLogOptions.LogFileName))
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var release = records.Single(r => r.GetProperty("type").GetString() == GatewayAuditTrail.ReleaseType);
        Assert.Equal("vault1", release.GetProperty("backends")[0].GetString());
        Assert.DoesNotContain("secret/data/openai", release.GetRawText(), StringComparison.Ordinal);
        var outcome = records.Single(r => r.GetProperty("type").GetString() == GatewayAuditTrail.OutcomeType);
        Assert.Equal(StatusCodes.Status200OK, outcome.GetProperty("status").GetInt32());
        await _stack.StartGatewayAsync();
    }

    private int Fetches() => _backed.Fetches;

    private async Task<HttpClient> ApprovedClientAsync()
    {
        var agent = _stack.NewAgent();
        var client = _stack.AgentClient(agent);
        using (await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models"))
        {
        }
        await _stack.ApprovePendingAsync(agent);
        return client;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();

    /// <summary>The approval reaches the gateway by push (as in GatewayHostTests): retry briefly until it has.</summary>
    private static async Task<HttpResponseMessage> SendUntilOkAsync(HttpClient client)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync($"proxy/{GatewayStack.Service}/v1/models");
            if (response.StatusCode == HttpStatusCode.OK || attempt == 100)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(10);
        }
    }
}
