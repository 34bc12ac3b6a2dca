using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Connections;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// A real control plane (the approvals tests' fixture) with an owner, a service with a key and a
/// registered gateway node, plus the gateway-side objects under test wired to it.
/// </summary>
internal sealed class LinkHarness : IAsyncDisposable
{
    public const string Ns = "alice";
    public const string Service = "openai";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(10);

    private LinkHarness(ControlPlaneFixture cp, string token, string serviceKey, IdentityRecord gatewayRecord, SigningIdentity gateway, string nodeId)
    {
        Cp = cp;
        Token = token;
        ServiceKey = serviceKey;
        GatewayRecord = gatewayRecord;
        Gateway = gateway;
        NodeId = nodeId;
    }

    public ControlPlaneFixture Cp { get; }

    public string Token { get; }

    public string ServiceKey { get; }

    public IdentityRecord GatewayRecord { get; }

    public SigningIdentity Gateway { get; }

    public string NodeId { get; }

    public static async Task<LinkHarness> StartAsync()
    {
        var cp = await ControlPlaneFixture.StartAsync();
        var token = await cp.RegisterOwnerAsync(Ns);
        var serviceKey = await cp.CreateServiceAsync(token, Ns, Service);
        var record = IdentityRecord.Create(Ns, TimeProvider.System);
        var gateway = SigningIdentity.FromRecord(record);
        var registered = await cp.OwnerClient(token).PostAsJsonAsync($"v1/namespaces/{Ns}/nodes", new { kind = "gateway", name = "gw-test", public_key = gateway.AgentKeyHeader });
        registered.EnsureSuccessStatusCode();
        var nodeId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return new LinkHarness(cp, token, serviceKey, record, gateway, nodeId);
    }

    public ControlPlaneLinkOptions Options(string auditDirectory = "unused") => new()
    {
        ControlPlaneUrl = Cp.BaseUri,
        AuditDirectory = auditDirectory,
        NodeId = NodeId,
        ControlPlaneKey = Cp.ControlPlaneKey,
        InitialRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    public ControlPlaneClient Client(ControlPlaneLinkOptions? options = null, SigningIdentity? identity = null) =>
        new(identity ?? Gateway, options ?? Options(), TimeProvider.System);

    public IServiceKeyProvider Keys() => new FakeServiceKeys(new Dictionary<string, string> { [Service] = ServiceKey });

    public async Task<JsonElement> OwnerGetAsync(string path)
    {
        var response = await Cp.OwnerClient(Token).GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static NullLogger<T> Log<T>() => NullLogger<T>.Instance;

    /// <summary>Polls <paramref name="condition"/> every few milliseconds; fails after ten seconds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < WaitLimit, "condition not met within 10 s");
            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cp.DisposeAsync();
        Gateway.Dispose();
    }
}
