using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Sigilum.ControlPlane.Streaming;

/// <summary>
/// ADR 0034: an approval or revocation made through this control plane reaches the gateways' claim streams because the
/// commit wakes them, not because a poll came round. The host runs on a <see cref="ManualClock"/> that the test never
/// moves, so no timer of the control plane (the store's change check, keep-alives, the revocation's wait bound) can fire:
/// every event below arrived without waiting for any interval.
/// </summary>
public sealed class ClaimPushWithoutPollTests : IAsyncDisposable
{
    private const string Ns = "alice";

    /// <summary>Real time the test allows for loopback I/O; nothing in the control plane waits on it.</summary>
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(10);

    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_795_255_200));
    private readonly TempDirectory _directory = new();
    private readonly List<IDisposable> _owned = [];
    private ControlPlaneHost? _host;

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        _owned.ForEach(o => o.Dispose());
        _directory.Dispose();
    }

    [Fact]
    public async Task CTL_01_ApprovalAndRevocation_ReachTheSubscribedStream_WithoutAnyTimerFiring()
    {
        var options = new ControlPlaneOptions { Urls = "http://127.0.0.1:0", RevocationWaitMilliseconds = 10_000 };
        await TestStore.ApplyAsync(options, _directory.Path);
        _host = await ControlPlaneHost.StartAsync(options, _clock);
        var owner = Signed(NewIdentity());
        (await owner.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        var token = (await (await owner.PostAsync("v1/auth/login", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        var admin = Plain(token);
        (await admin.PostAsJsonAsync($"v1/namespaces/{Ns}/services", new { slug = "openai", name = "openai", upstream_hosts = new[] { "api.openai.com" } })).EnsureSuccessStatusCode();
        var serviceKey = (await (await admin.PostAsJsonAsync($"v1/namespaces/{Ns}/services/openai/keys", new { name = "test" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        var gateway = NewIdentity();
        (await admin.PostAsJsonAsync($"v1/namespaces/{Ns}/nodes", new { kind = "gateway", name = "gw-1", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        var claimId = await SubmitClaimAsync(NewIdentity(), serviceKey);
        var challenge = ControlPlaneSignature.NewChallenge();
        await using var stream = await SseReader.OpenAsync(Signed(gateway), "v1/stream?challenge=" + challenge);
        Assert.Equal("snapshot", (await stream.NextAsync(EventWait)).Name);

        (await admin.PostAsJsonAsync($"v1/claims/{claimId}/approve", new { })).EnsureSuccessStatusCode();
        var approved = await stream.NextAsync(EventWait);
        var revoke = admin.PostAsync($"v1/claims/{claimId}/revoke", null);
        var revoked = await stream.NextAsync(EventWait);
        using var ack = await Signed(gateway).PostAsJsonAsync("v1/stream/ack", new { challenge, seq = revoked.Id });
        using var answer = await revoke;

        Assert.Equal(("claim", "approved"), (approved.Name, approved.Data.GetProperty("status").GetString()));
        Assert.Equal(("claim", "revoked"), (revoked.Name, revoked.Data.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        // Answered by the acknowledgement, not by the bound (whose timer cannot fire on this clock).
        var propagation = (await answer.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("propagation");
        Assert.Equal(1, propagation.GetProperty("acknowledged").GetInt32());
    }

    private async Task<string> SubmitClaimAsync(SigningIdentity agent, string serviceKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new { @namespace = Ns, public_key = agent.AgentKeyHeader, service = "openai", nonce = Guid.NewGuid().ToString("N"), agent_name = "test-agent" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await Signed(agent).SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;
    }

    private SigningIdentity NewIdentity() => Own(SigningIdentity.FromRecord(IdentityRecord.Create(Ns, _clock)));

    /// <summary>Signs on the host's clock, so signatures are fresh for it however long the test runs.</summary>
    private HttpClient Signed(SigningIdentity identity) =>
        Own(new HttpClient(new SigilumSigningHandler(identity, new SigilumSigningOptions { TimeProvider = _clock }, new SocketsHttpHandler())) { BaseAddress = new Uri(_host!.BaseUrl + "/") });

    private HttpClient Plain(string bearer)
    {
        var client = Own(new HttpClient { BaseAddress = new Uri(_host!.BaseUrl + "/") });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
