using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sigilum.ControlPlane.Api;

/// <summary>The whole owner/agent/data-plane loop on real HTTP against a real SQLite file.</summary>
public sealed class ClaimFlowTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;

    public async Task InitializeAsync() => _cp = await ControlPlaneFixture.StartAsync();

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public async Task SubmitApproveRevoke_PushesEachChangeToTheStreamWithinOneSecond()
    {
        var (owner, token) = await _cp.RegisterOwnerAsync("alice");
        var serviceKey = await _cp.CreateServiceAsync(token, "alice", "openai", "api.openai.com");
        var ownerApi = _cp.PlainClient(token);
        var gateway = _cp.NewIdentity("alice");
        (await ownerApi.PostAsJsonAsync("v1/namespaces/alice/nodes", new { kind = "gateway", name = "gw-1", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        await using var stream = await SseReader.OpenAsync(_cp.SignedClient(gateway), "v1/stream");
        var snapshot = await stream.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("snapshot", snapshot.Name);
        Assert.Empty(snapshot.Data.GetProperty("claims").EnumerateArray());

        // An agent files a claim: pending, not authorized.
        var agent = _cp.NewIdentity("alice");
        var submitted = await _cp.SubmitClaimAsync(agent, serviceKey, "openai");
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var claimId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;
        Assert.Equal("pending", (await stream.NextAsync(TimeSpan.FromSeconds(5))).Data.GetProperty("status").GetString());
        Assert.False(await AuthorizedAsync(owner, agent));

        // The owner approves: the stream carries it, verify and the feed report it.
        var clock = Stopwatch.StartNew();
        (await ownerApi.PostAsJsonAsync($"v1/claims/{claimId}/approve", new { })).EnsureSuccessStatusCode();
        var approved = await stream.NextAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("approved", approved.Data.GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"approval reached the stream after {clock.ElapsedMilliseconds} ms");
        Assert.True(await AuthorizedAsync(owner, agent));
        var feed = await SignedWithServiceKey(agent, serviceKey).GetFromJsonAsync<JsonElement>("v1/namespaces/claims");
        Assert.Equal(claimId, Assert.Single(feed.GetProperty("claims").EnumerateArray()).GetProperty("claim_id").GetString());

        // The owner revokes: pushed within a second, no longer authorized.
        clock.Restart();
        (await ownerApi.PostAsync($"v1/claims/{claimId}/revoke", null)).EnsureSuccessStatusCode();
        var revoked = await stream.NextAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("revoked", revoked.Data.GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"revocation reached the stream after {clock.ElapsedMilliseconds} ms");
        Assert.True(revoked.Id > approved.Id);
        Assert.False(await AuthorizedAsync(owner, agent));
    }

    [Fact]
    public async Task Stream_ReconnectWithLastEventId_ResumesWithoutSnapshot()
    {
        var (_, token) = await _cp.RegisterOwnerAsync("alice");
        var serviceKey = await _cp.CreateServiceAsync(token, "alice", "linear");
        var ownerApi = _cp.PlainClient(token);
        var gateway = _cp.NewIdentity("alice");
        (await ownerApi.PostAsJsonAsync("v1/namespaces/alice/nodes", new { kind = "gateway", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        long lastSeen;
        await using (var first = await SseReader.OpenAsync(_cp.SignedClient(gateway), "v1/stream"))
        {
            lastSeen = (await first.NextAsync(TimeSpan.FromSeconds(5))).Id;
        }

        // Changes made while the gateway was away arrive on reconnect, in order.
        var agent = _cp.NewIdentity("alice");
        var claimId = (await (await _cp.SubmitClaimAsync(agent, serviceKey, "linear")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString();
        (await ownerApi.PostAsJsonAsync($"v1/claims/{claimId}/approve", new { expires_in_seconds = 3600 })).EnsureSuccessStatusCode();
        await using var resumed = await SseReader.OpenAsync(_cp.SignedClient(gateway), "v1/stream", lastSeen.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var pending = await resumed.NextAsync(TimeSpan.FromSeconds(5));
        var approved = await resumed.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("claim", "pending"), (pending.Name, pending.Data.GetProperty("status").GetString()));
        Assert.Equal(("claim", "approved"), (approved.Name, approved.Data.GetProperty("status").GetString()));
        Assert.NotEqual(JsonValueKind.Null, approved.Data.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task Shutdown_WithAnOpenStream_EndsTheStreamInsteadOfWaitingOutTheTimeout()
    {
        var (_, token) = await _cp.RegisterOwnerAsync("alice");
        var gateway = _cp.NewIdentity("alice");
        (await _cp.PlainClient(token).PostAsJsonAsync("v1/namespaces/alice/nodes", new { kind = "gateway", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
        await using var stream = await SseReader.OpenAsync(_cp.SignedClient(gateway), "v1/stream");
        Assert.Equal("snapshot", (await stream.NextAsync(TimeSpan.FromSeconds(5))).Name);

        // The host's graceful-shutdown timeout is 30 s; an open stream must not hold it that long.
        await _cp.Host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Stream_UnregisteredKey_IsForbidden()
    {
        await _cp.RegisterOwnerAsync("alice");
        var stranger = _cp.SignedClient(_cp.NewIdentity("alice"));

        var response = await stranger.GetAsync("v1/stream");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<bool> AuthorizedAsync(Sigilum.Protocol.Signatures.SigningIdentity signer, Sigilum.Protocol.Signatures.SigningIdentity agent)
    {
        var key = Uri.EscapeDataString(agent.AgentKeyHeader);
        var result = await _cp.SignedClient(signer).GetFromJsonAsync<JsonElement>($"v1/verify?namespace=alice&service=openai&public_key={key}");
        return result.GetProperty("authorized").GetBoolean();
    }

    private HttpClient SignedWithServiceKey(Sigilum.Protocol.Signatures.SigningIdentity identity, string serviceKey)
    {
        var client = _cp.SignedClient(identity);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", serviceKey);
        return client;
    }
}
