using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.Gateway.Approvals;

/// <summary>
/// A real control plane on a loopback port over a SQLite file (copied, trimmed, from the control-plane
/// tests), with helpers to act as its owner, as agents and as a gateway. It can be restarted over the
/// same database, on the same or a new port, to cut the claim stream.
/// </summary>
internal sealed class ControlPlaneFixture : IAsyncDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly TempDirectory _directory;
    private readonly int _keepAliveSeconds;
    private readonly ILoggerProvider? _logs;

    private ControlPlaneFixture(TempDirectory directory, int keepAliveSeconds, ILoggerProvider? logs)
    {
        _directory = directory;
        _keepAliveSeconds = keepAliveSeconds;
        _logs = logs;
        _owned.Add(directory);
    }

    /// <summary>The directory of the control plane's SQLite files and master key.</summary>
    public string DataDirectory => _directory.Path;

    public ControlPlaneHost? Host { get; private set; }

    public Uri BaseUri => new(Host!.BaseUrl + "/");

    /// <summary>The control plane's public key (ADR 0024), as a gateway pins it.</summary>
    public byte[] ControlPlaneKey => Protocol.ControlPlane.ControlPlaneKey.TryParse(Host!.ControlPlaneKey, out var key) ? key : throw new InvalidOperationException("no key");

    /// <param name="keepAliveSeconds">The push streams' keep-alive interval.</param>
    /// <param name="logs">Receives every log line of the control plane (tests that check what is logged).</param>
    public static async Task<ControlPlaneFixture> StartAsync(int keepAliveSeconds = 15, ILoggerProvider? logs = null)
    {
        var fixture = new ControlPlaneFixture(new TempDirectory(), keepAliveSeconds, logs);
        fixture.Host = await fixture.StartHostAsync("http://127.0.0.1:0");
        return fixture;
    }

    /// <summary>Stops the running control plane, cutting every stream it serves at once.</summary>
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            // The claim stream does not end on a graceful shutdown, so the host would wait out its 30 s
            // shutdown timeout; an already-cancelled stop aborts the connections like a crash would.
            using (var now = new CancellationTokenSource())
            {
                await now.CancelAsync();
                await Host.Services.GetRequiredService<IServer>().StopAsync(now.Token);
            }
            await Host.DisposeAsync();
            Host = null;
        }
    }

    /// <summary>Starts a control plane over the same database at <paramref name="urls"/> (a new port by default).</summary>
    public async Task RestartAsync(string urls = "http://127.0.0.1:0")
    {
        await StopAsync();
        Host = await StartHostAsync(urls);
    }

    private Task<ControlPlaneHost> StartHostAsync(string urls) => ControlPlaneHost.StartAsync(new ControlPlaneOptions
    {
        Urls = urls,
        SqlitePath = Path.Combine(_directory.Path, "sigilum.db"),
        MasterKeyFile = Path.Combine(_directory.Path, "master.key"),
        StreamKeepAliveSeconds = _keepAliveSeconds,
        // A revocation is answered when the gateway acknowledges it (ADR 0027); the bound only matters when it does not,
        // and a loaded test machine must not turn a slow acknowledgement into a missing one.
        RevocationWaitMilliseconds = 5000,
    }, configureLogging: _logs is null ? null : logging =>
    {
        logging.SetMinimumLevel(LogLevel.Trace);
        logging.AddProvider(_logs);
    });

    public SigningIdentity NewIdentity(string ns)
    {
        var identity = SigningIdentity.FromRecord(IdentityRecord.Create(ns, TimeProvider.System));
        _owned.Add(identity);
        return identity;
    }

    public HttpClient SignedClient(SigningIdentity identity)
    {
        var client = new HttpClient(new SigilumSigningHandler(identity, null, new SocketsHttpHandler())) { BaseAddress = BaseUri };
        _owned.Add(client);
        return client;
    }

    public HttpClient OwnerClient(string token)
    {
        var client = new HttpClient { BaseAddress = BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _owned.Add(client);
        return client;
    }

    public async Task<string> RegisterOwnerAsync(string ns)
    {
        var signed = SignedClient(NewIdentity(ns));
        (await signed.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        var login = await signed.PostAsync("v1/auth/login", null);
        login.EnsureSuccessStatusCode();
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    public async Task<string> CreateServiceAsync(string token, string ns, string slug)
    {
        var owner = OwnerClient(token);
        (await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services", new { slug, name = slug, upstream_hosts = new[] { "api.example.com" } })).EnsureSuccessStatusCode();
        var key = await owner.PostAsJsonAsync($"v1/namespaces/{ns}/services/{slug}/keys", new { name = "test" });
        key.EnsureSuccessStatusCode();
        return (await key.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>Registers <paramref name="gateway"/> as a gateway node of its namespace; returns the node id.</summary>
    public async Task<string> RegisterGatewayAsync(string token, SigningIdentity gateway, string name = "gw-1")
    {
        var owner = OwnerClient(token);
        using var registered = await owner.PostAsJsonAsync($"v1/namespaces/{gateway.Namespace}/nodes", new { kind = "gateway", name, public_key = gateway.AgentKeyHeader });
        registered.EnsureSuccessStatusCode();
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Files a claim signed by <paramref name="agent"/>; returns its id.</summary>
    public async Task<string> SubmitClaimAsync(SigningIdentity agent, string serviceKey, string service)
    {
        var client = SignedClient(agent);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new { @namespace = agent.Namespace, public_key = agent.AgentKeyHeader, service, nonce = Guid.NewGuid().ToString("N"), agent_name = "test-agent" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;
    }

    /// <summary>Approves a claim with an optional scope; returns the claim as the API shows it.</summary>
    public async Task<JsonElement> ApproveAsync(string token, string claimId, object? scope = null)
    {
        var response = await OwnerClient(token).PostAsJsonAsync($"v1/claims/{claimId}/approve", scope ?? new { });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Revokes a claim; returns the answer, whose <c>propagation</c> says which gateways confirmed it (ADR 0027).</summary>
    public async Task<JsonElement> RevokeAsync(string token, string claimId)
    {
        using var response = await OwnerClient(token).PostAsync($"v1/claims/{claimId}/revoke", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }
}
