using System.Net;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing.Postgres;

namespace Sigilum.Gateway.ScaleOut;

/// <summary>
/// Two gateway hosts sharing one private PostgreSQL cluster (issue #18 item 1): the first is <see cref="GatewayStack"/>'s,
/// the second its twin with its own data directory (audit log, admin token) and the same master key file, as a second
/// node of a deployment would have. Started once per test class; the cluster is this class's own, so a test may stop it.
/// </summary>
public sealed class TwoGatewaysFixture : IAsyncLifetime
{
    private int _upstreamCalls;
    private string? _lastAuthorization;

    internal PostgresCluster Postgres { get; private set; } = null!;

    internal GatewayStack Stack { get; private set; } = null!;

    internal GatewayHost Second { get; private set; } = null!;

    /// <summary>How many requests reached the upstream, from either gateway.</summary>
    public int UpstreamCalls => Volatile.Read(ref _upstreamCalls);

    /// <summary>The Authorization header of the last request that reached the upstream.</summary>
    public string? LastAuthorization => Volatile.Read(ref _lastAuthorization);

    internal IReadOnlyList<Uri> Gateways => [Stack.GatewayUri, new Uri(Second.BaseUrl + "/")];

    public async Task InitializeAsync()
    {
        Postgres = await PostgresCluster.StartAsync();
        Stack = await GatewayStack.StartAsync(UpstreamAsync, Shared);
        var options = new GatewayOptions
        {
            Urls = "http://127.0.0.1:0",
            DataDirectory = Path.Combine(Stack.DataDirectory, "second"),
            MasterKeyFile = Path.Combine(Stack.DataDirectory, "master.key"),
            ControlPlaneUrl = Stack.ControlPlane.BaseUri,
            ControlPlaneKey = Stack.ControlPlane.Host!.ControlPlaneKey,
        };
        Shared(options);
        // A node of its own (its own key, registered with the control plane), as every node of a deployment has.
        var identity = IdentityRecord.Create(GatewayStack.Namespace, TimeProvider.System);
        using (var signing = SigningIdentity.FromRecord(identity))
        {
            await Stack.ControlPlane.RegisterGatewayAsync(Stack.OwnerToken, signing, "gw-2");
        }
        Second = await GatewayHost.StartAsync(options, identity);
        await WaitUntilAsync(() => Approvals(Second).Status.Fresh, "the second gateway never heard from the control plane");
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await Stack.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    /// <summary>An HttpClient that signs every request afresh as <paramref name="agent"/> and sends it to <paramref name="gateway"/>.</summary>
    internal static HttpClient AgentClient(SigningIdentity agent, Uri gateway) =>
        new(new SigilumSigningHandler(agent, new SigilumSigningOptions(), new SocketsHttpHandler())) { BaseAddress = gateway };

    /// <summary>A new agent whose claim the owner approved, once both gateways decide it approved.</summary>
    internal async Task<(SigningIdentity Agent, string ClaimId)> ApprovedAgentAsync()
    {
        var agent = Stack.NewAgent();
        using (var client = AgentClient(agent, Stack.GatewayUri))
        using (var first = await client.GetAsync("proxy/echo/first"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        }
        var claimId = await Stack.ApprovePendingAsync(agent);
        await WaitUntilAsync(() => BothDecide(agent, ApprovalDecision.Approved), "the approval did not reach both gateways");
        return (agent, claimId);
    }

    internal bool BothDecide(SigningIdentity agent, ApprovalDecision expected) =>
        Decide(Stack.Gateway, agent) == expected && Decide(Second, agent) == expected;

    internal static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        // Bounded: a propagation that takes longer than this has failed its 1 s promise many times over.
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, failure);
            await Task.Delay(5);
        }
    }

    private static ApprovalDecision Decide(GatewayHost host, SigningIdentity agent) =>
        Approvals(host).Decide(GatewayStack.Namespace, agent.AgentKeyHeader, GatewayStack.Service, null, TimeProvider.System.GetUtcNow());

    private static ApprovalsCache Approvals(GatewayHost host) =>
        (ApprovalsCache)host.Services.GetService(typeof(ApprovalsCache))!;

    private void Shared(GatewayOptions options)
    {
        options.Store = "postgres";
        options.PostgresConnectionString = Postgres.ConnectionString;
    }

    private async Task UpstreamAsync(HttpContext context)
    {
        Interlocked.Increment(ref _upstreamCalls);
        Volatile.Write(ref _lastAuthorization, context.Request.Headers.Authorization.ToString());
        await context.Response.WriteAsync("ok");
    }
}
