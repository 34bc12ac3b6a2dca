using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.Hosting;

/// <summary>Replay under concurrency and across instances (reliability RPL-09, RPL-10), and the drain on stop.</summary>
public sealed class GatewayReplayAndDrainTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseSlow = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _upstreamCalls;
    private GatewayStack _stack = null!;

    public async Task InitializeAsync() => _stack = await GatewayStack.StartAsync(UpstreamAsync);

    public async Task DisposeAsync()
    {
        _releaseSlow.TrySetResult();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task RPL_10_FiftyParallelCopiesOfOneSignedRequest_ExactlyOneForwarded()
    {
        var agent = await ApprovedAgentAsync();
        var headers = Sign(agent, "proxy/echo/once");
        var before = Volatile.Read(ref _upstreamCalls);

        using var plain = _stack.AdminClient();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var request = Replay(headers, "proxy/echo/once");
            using var response = await plain.SendAsync(request);
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(49, answers.Count(s => s == HttpStatusCode.Forbidden));
        Assert.Equal(before + 1, Volatile.Read(ref _upstreamCalls));
    }

    [Fact]
    public async Task RPL_09_SameSignedRequestToTwoGatewaysSharingTheStore_SecondRefused()
    {
        var agent = await ApprovedAgentAsync();
        // Two gateways on one store are a multi-instance deployment: replay state must be the store's shared
        // insert-if-absent (ADR 0026), which PostgreSQL selects by default and SQLite by this setting.
        await _stack.StopGatewayAsync();
        await _stack.StartGatewayAsync(options => options.ReplayState = "shared");
        await using var second = await GatewayHost.StartAsync(new GatewayOptions
        {
            ReplayState = "shared",
            Urls = "http://127.0.0.1:0",
            DataDirectory = Path.Combine(_stack.DataDirectory, "second"),
            SqlitePath = Path.Combine(_stack.DataDirectory, "gateway.db"),
            MasterKeyFile = Path.Combine(_stack.DataDirectory, "master.key"),
            ControlPlaneUrl = _stack.ControlPlane.BaseUri,
            ControlPlaneKey = _stack.ControlPlane.Host!.ControlPlaneKey,
        }, _stack.GatewayIdentity);
        var headers = Sign(agent, "proxy/echo/shared");
        using var plain = new HttpClient();

        using var first = await plain.SendAsync(Replay(headers, "proxy/echo/shared", _stack.GatewayUri));
        using var replayed = await plain.SendAsync(Replay(headers, "proxy/echo/shared", new Uri(second.BaseUrl + "/")));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Equal("AUTH_REPLAY_DETECTED", (await replayed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Stop_RequestInFlight_DrainsBeforeExit()
    {
        var agent = await ApprovedAgentAsync();
        using var client = _stack.AgentClient(agent);
        var inFlight = client.GetAsync("proxy/echo/slow");
        await _slowArrived.Task;

        var stopping = _stack.StopGatewayAsync();
        _releaseSlow.SetResult();
        using var response = await inFlight;
        await stopping;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("slow done", await response.Content.ReadAsStringAsync());
        await _stack.StartGatewayAsync();
    }

    private async Task<SigningIdentity> ApprovedAgentAsync()
    {
        var agent = _stack.NewAgent();
        using var client = _stack.AgentClient(agent);
        using (await client.GetAsync("proxy/echo/first"))
        {
        }
        await _stack.ApprovePendingAsync(agent);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var response = await client.GetAsync("proxy/echo/probe");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return agent;
            }
            await Task.Delay(10);
        }
        throw new InvalidOperationException("The approval did not reach the gateway.");
    }

    private IReadOnlyList<KeyValuePair<string, string>> Sign(SigningIdentity agent, string path) =>
        RequestSigner.Sign(agent, new SignRequest { Method = "GET", Url = new Uri(_stack.GatewayUri, path).ToString() }, TimeProvider.System).Headers;

    private HttpRequestMessage Replay(IReadOnlyList<KeyValuePair<string, string>> headers, string path, Uri? gateway = null)
    {
        // The second gateway listens on another port, so the signed @target-uri must name the first one's
        // authority: send to the second with the first's Host header.
        var target = new Uri(gateway ?? _stack.GatewayUri, path);
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Host = _stack.GatewayUri.Authority;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    private async Task UpstreamAsync(HttpContext context)
    {
        Interlocked.Increment(ref _upstreamCalls);
        if (context.Request.Path == "/slow")
        {
            _slowArrived.TrySetResult();
            await _releaseSlow.Task;
            await context.Response.WriteAsync("slow done");
            return;
        }
        await context.Response.WriteAsync("ok");
    }
}
