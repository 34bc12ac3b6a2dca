using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Relay;
using Sigilum.Gateway.Forwarding;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Dashboard.Browser;

/// <summary>
/// A real gateway paired with the harness's control plane (its own identity, registered as a gateway node, its own
/// data directory and database) holding the relay stream, plus an upstream that records the credentials it receives.
/// </summary>
public sealed class DashboardGateway : IAsyncDisposable
{
    private readonly TempDirectory _data = new("sigilum-dash-gw-");

    private DashboardGateway(KestrelServer upstream) => Upstream = upstream;

    public GatewayHost Host { get; private set; } = null!;

    internal KestrelServer Upstream { get; }

    public Uri UpstreamUri => Upstream.BaseUri;

    /// <summary>Every Authorization header the upstream received.</summary>
    public ConcurrentQueue<string> UpstreamAuthorizations { get; } = new();

    public string NodeId { get; private set; } = null!;

    public string DataDirectory => _data.Path;

    /// <summary>The operator on the gateway's host: a client presenting the admin token the gateway generated (ADR 0020).</summary>
    public HttpClient AdminClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Sigilum-Admin-Token", File.ReadAllText(Path.Combine(DataDirectory, "admin.token")).Trim());
        return client;
    }

    /// <summary>Registers the gateway's key with the owner's token (as <c>sigilum up</c> does) and starts it.</summary>
    public static Task<DashboardGateway> StartAsync(DashboardHarness harness) => StartAsync(harness, pairing: null);

    /// <summary>
    /// Registers the gateway's key with a pairing session id and code, as <c>sigilum gateway connect</c> does on the
    /// gateway's machine (a request signed by the gateway's own key), and starts it.
    /// </summary>
    public static Task<DashboardGateway> StartPairedAsync(DashboardHarness harness, string sessionId, string code) =>
        StartAsync(harness, (sessionId, code));

    private static async Task<DashboardGateway> StartAsync(DashboardHarness harness, (string SessionId, string Code)? pairing)
    {
        ArgumentNullException.ThrowIfNull(harness);
        DashboardGateway? gateway = null;
        var upstream = await KestrelServer.StartAsync(async context =>
        {
            gateway!.UpstreamAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            await context.Response.WriteAsJsonAsync(new { ok = true });
        });
        gateway = new DashboardGateway(upstream);
        var identity = IdentityRecord.Create(harness.Namespace, TimeProvider.System);
        using (var signing = SigningIdentity.FromRecord(identity))
        {
            var registered = pairing is { } p
                ? await harness.ControlPlane.SignedClient(signing).PostAsJsonAsync("v1/gateway/pairing/register",
                    new { session_id = p.SessionId, pair_code = p.Code, name = "gw-remote", version = "0.1.0" })
                : await harness.ControlPlane.PlainClient(harness.OwnerToken).PostAsJsonAsync(
                    $"v1/namespaces/{harness.Namespace}/nodes", new { kind = "gateway", name = "gw-test", public_key = signing.AgentKeyHeader });
            registered.EnsureSuccessStatusCode();
            gateway.NodeId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }
        gateway.Host = await GatewayHost.StartAsync(new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = gateway._data.Path,
            ControlPlaneUrl = harness.ControlPlane.BaseUri,
            NodeId = gateway.NodeId,
            ControlPlaneKey = harness.ControlPlane.Host.ControlPlaneKey,
        }, identity);
        // The relay stream opens in the background; wait until the control plane sees it.
        var relay = harness.ControlPlane.Host.Services.GetRequiredService<IGatewayRelay>();
        for (var attempt = 0; attempt < 400 && relay.Connected(harness.Namespace).All(g => g.NodeId != gateway.NodeId); attempt++)
        {
            await Task.Delay(25);
        }
        return relay.Connected(harness.Namespace).Any(g => g.NodeId == gateway.NodeId)
            ? gateway
            : throw new InvalidOperationException("The gateway's relay stream did not connect.");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Upstream.DisposeAsync();
        _data.Dispose();
    }
}
