using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Forwarding;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// The whole loop on loopback: a real control plane, a real gateway host registered as its namespace's node, and
/// an upstream the test controls. One owner ("alice"), one service ("echo") whose connection injects a bearer secret.
/// </summary>
internal sealed class GatewayStack : IAsyncDisposable
{
    public const string Namespace = "alice";
    public const string Service = "echo";
    public const string Secret = "sk-upstream-SECRET-0123456789";

    private readonly TempDirectory _data = new("sigilum-gw-host-");
    private readonly List<IDisposable> _owned = [];
    private bool _relay;
    private TimeProvider? _time;
    private ILoggerProvider? _gatewayLogs;

    private GatewayStack(ControlPlaneFixture controlPlane, KestrelServer upstream)
    {
        ControlPlane = controlPlane;
        Upstream = upstream;
    }

    public ControlPlaneFixture ControlPlane { get; }

    public KestrelServer Upstream { get; }

    public GatewayHost Gateway { get; private set; } = null!;

    public IdentityRecord GatewayIdentity { get; private set; } = null!;

    public string OwnerToken { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    public Uri GatewayUri => new(Gateway.BaseUrl + "/");

    /// <summary>The gateway's node id in the control plane (so its relay stream runs, as with the CLI).</summary>
    public string NodeId { get; private set; } = null!;

    // time: the gateway's clock (a fake one for staleness tests); the system clock when null.
    public static async Task<GatewayStack> StartAsync(
        RequestDelegate upstream, Action<GatewayOptions>? configure = null, ILoggerProvider? controlPlaneLogs = null, bool relay = false,
        TimeProvider? time = null, string secret = Secret, ILoggerProvider? gatewayLogs = null)
    {
        var controlPlane = await ControlPlaneFixture.StartAsync(logs: controlPlaneLogs);
        // The control plane refuses signatures created before its start epoch (ADR 0058). A test's frozen gateway clock is
        // taken before the control plane starts, so it is moved up to now: the gateway's signed calls then come after that
        // start, as a real gateway's do.
        if (time is FakeTimeProvider frozen && frozen.GetUtcNow() < TimeProvider.System.GetUtcNow())
        {
            frozen.SetUtcNow(TimeProvider.System.GetUtcNow());
        }
        var stack = new GatewayStack(controlPlane, await KestrelServer.StartAsync(upstream)) { _relay = relay, _time = time, _gatewayLogs = gatewayLogs };
        stack.OwnerToken = await controlPlane.RegisterOwnerAsync(Namespace);
        var serviceKey = await controlPlane.CreateServiceAsync(stack.OwnerToken, Namespace, Service);
        stack.GatewayIdentity = IdentityRecord.Create(Namespace, TimeProvider.System);
        using (var signing = SigningIdentity.FromRecord(stack.GatewayIdentity))
        {
            stack.NodeId = await controlPlane.RegisterGatewayAsync(stack.OwnerToken, signing);
        }
        await stack.StartGatewayAsync(configure);
        using var admin = stack.AdminClient();
        (await admin.PostAsJsonAsync("api/admin/connections", new
        {
            id = Service, name = "Echo", base_url = stack.Upstream.BaseUri.ToString().TrimEnd('/'), auth_mode = "bearer",
            auth_secret_key = "api_key", secrets = new { api_key = secret },
        })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"api/admin/service-api-keys/{Service}", new { key = serviceKey })).EnsureSuccessStatusCode();
        return stack;
    }

    /// <summary>Starts (or restarts, over the same data directory) the gateway and waits until its approvals are current.</summary>
    public async Task StartGatewayAsync(Action<GatewayOptions>? configure = null)
    {
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = _data.Path,
            ControlPlaneUrl = ControlPlane.BaseUri,
            // With a node id the gateway holds the relay stream (and sends checkpoints to the witness).
            NodeId = _relay ? NodeId : null,
            // The key pinned at pairing (ADR 0024); the CLI writes it into the data directory instead.
            ControlPlaneKey = ControlPlane.Host!.ControlPlaneKey,
        };
        configure?.Invoke(options);
        Gateway = await GatewayHost.StartAsync(options, GatewayIdentity, _time, configureLogging: _gatewayLogs is { } logs ? logging => logging.AddProvider(logs) : null);
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            using var ready = await http.GetAsync(new Uri(GatewayUri, "health/ready"));
            if (ready.IsSuccessStatusCode)
            {
                return;
            }
            await Task.Delay(25);
        }
        throw new InvalidOperationException("The gateway did not become ready.");
    }

    public async Task StopGatewayAsync() => await Gateway.DisposeAsync();

    public SigningIdentity NewAgent() => Own(SigningIdentity.FromRecord(IdentityRecord.Create(Namespace, TimeProvider.System)));

    /// <summary>An HttpClient that signs like an agent built on our SDK.</summary>
    public HttpClient AgentClient(SigningIdentity agent, int maxBodyBytes = SigilumSigningOptions.DefaultMaxBodyBytes) =>
        Own(new HttpClient(new SigilumSigningHandler(agent, new SigilumSigningOptions { MaxBodyBytes = maxBodyBytes }, new SocketsHttpHandler())) { BaseAddress = GatewayUri });

    /// <summary>The operator: a loopback client presenting the admin token the gateway generated (ADR 0020).</summary>
    public HttpClient AdminClient()
    {
        var client = AnonymousLocalClient();
        client.DefaultRequestHeaders.Add(Operations.AdminAccessPolicy.TokenHeader, AdminToken);
        return client;
    }

    /// <summary>Any other process on this host: loopback, but without the admin token.</summary>
    public HttpClient AnonymousLocalClient() => new() { BaseAddress = GatewayUri };

    /// <summary>The token the gateway generated into <c>&lt;data&gt;/admin.token</c> (the file the CLI reads).</summary>
    public string AdminToken => File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim();

    /// <summary>The pending claim the gateway filed for <paramref name="agent"/>, approved by the owner.</summary>
    public async Task<string> ApprovePendingAsync(SigningIdentity agent)
    {
        using var owner = ControlPlane.OwnerClient(OwnerToken);
        var claims = await owner.GetFromJsonAsync<JsonElement>($"v1/namespaces/{Namespace}/claims?status=pending");
        var claim = claims.GetProperty("claims").EnumerateArray().Single(c => c.GetProperty("public_key").GetString() == agent.AgentKeyHeader);
        var id = claim.GetProperty("claim_id").GetString()!;
        await ControlPlane.ApproveAsync(OwnerToken, id);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
        await ControlPlane.DisposeAsync();
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
        _data.Dispose();
    }

    private T Own<T>(T value) where T : IDisposable
    {
        _owned.Add(value);
        return value;
    }
}
