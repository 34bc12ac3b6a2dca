using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane.Streaming;

/// <summary>
/// ADR 0027: a revocation is answered once the gateways following the namespace's claim stream acknowledged applying it
/// (<c>POST /v1/stream/ack</c>), or once the bound passed, and says how far it got. The subscribers here are raw signed
/// streams the test drives, so it decides exactly when (and whether) each acknowledges.
/// </summary>
public sealed class RevocationPropagationTests
{
    private const string Ns = "alice";
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Revoke_SubscriberAcknowledgesTheRevocation_AnsweredAsInEffect()
    {
        // A bound far above any scheduling delay: the answer comes from the acknowledgement, not the timeout.
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 10_000);
        var setup = await SetUpAsync(cp);
        var challenge = ControlPlaneSignature.NewChallenge();
        await using var stream = await OpenStreamAsync(cp, setup.Gateway, challenge);

        var revoke = RevokeAsync(cp, setup);
        var revoked = await NextClaimEventAsync(stream);
        Assert.Equal("revoked", revoked.Data.GetProperty("status").GetString());
        using (var ack = await AckAsync(cp.SignedClient(setup.Gateway), challenge, revoked.Id))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }
        var answer = await revoke;

        var propagation = answer.GetProperty("propagation");
        Assert.Equal(1, propagation.GetProperty("subscribers").GetInt32());
        Assert.Equal(1, propagation.GetProperty("acknowledged").GetInt32());
        Assert.Equal(0, propagation.GetProperty("pending").GetInt32());
        Assert.Empty(propagation.GetProperty("pending_nodes").EnumerateArray());
        Assert.Equal("revoked", answer.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Revoke_SubscriberNeverAcknowledges_AnsweredAfterTheBound_NamingItPending()
    {
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 200);
        var setup = await SetUpAsync(cp);
        await using var stream = await OpenStreamAsync(cp, setup.Gateway, ControlPlaneSignature.NewChallenge());

        var answer = await RevokeAsync(cp, setup);

        var propagation = answer.GetProperty("propagation");
        Assert.Equal(1, propagation.GetProperty("subscribers").GetInt32());
        Assert.Equal(0, propagation.GetProperty("acknowledged").GetInt32());
        Assert.Equal(1, propagation.GetProperty("pending").GetInt32());
        var pending = Assert.Single(propagation.GetProperty("pending_nodes").EnumerateArray());
        Assert.Equal("gw-1", pending.GetProperty("name").GetString());
        Assert.Equal(setup.NodeId, pending.GetProperty("id").GetString());
        // The revocation itself committed and was pushed; only the confirmation is missing.
        Assert.Equal("revoked", (await NextClaimEventAsync(stream)).Data.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Revoke_NoSubscriber_AnsweredAtOnceWithNoneToConfirm()
    {
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 10_000);
        var setup = await SetUpAsync(cp);

        var propagation = (await RevokeAsync(cp, setup)).GetProperty("propagation");

        Assert.Equal(0, propagation.GetProperty("subscribers").GetInt32());
        Assert.Equal(0, propagation.GetProperty("acknowledged").GetInt32());
        Assert.Equal(0, propagation.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Revoke_StreamWithoutChallenge_CountedPendingWithoutBeingWaitedFor()
    {
        // A data plane from before ADR 0024 opens its stream without a challenge: it has no way to acknowledge, so the
        // revocation does not wait for it (bound 10 s) and reports it as not confirmed.
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 10_000);
        var setup = await SetUpAsync(cp);
        await using var stream = await SseReader.OpenAsync(cp.SignedClient(setup.Gateway), "v1/stream");
        Assert.Equal("snapshot", (await stream.NextAsync(EventWait)).Name);

        var propagation = (await RevokeAsync(cp, setup)).GetProperty("propagation");

        Assert.Equal(1, propagation.GetProperty("subscribers").GetInt32());
        Assert.Equal(1, propagation.GetProperty("pending").GetInt32());
    }

    [Fact]
    public async Task Revoke_NodeWithTwoStreams_CountedOnce_ConfirmedByEither()
    {
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 10_000);
        var setup = await SetUpAsync(cp);
        var second = ControlPlaneSignature.NewChallenge();
        await using var stale = await OpenStreamAsync(cp, setup.Gateway, ControlPlaneSignature.NewChallenge());
        await using var current = await OpenStreamAsync(cp, setup.Gateway, second);

        var revoke = RevokeAsync(cp, setup);
        var revoked = await NextClaimEventAsync(current);
        (await AckAsync(cp.SignedClient(setup.Gateway), second, revoked.Id)).Dispose();
        var propagation = (await revoke).GetProperty("propagation");

        Assert.Equal(1, propagation.GetProperty("subscribers").GetInt32());
        Assert.Equal(1, propagation.GetProperty("acknowledged").GetInt32());
    }

    [Fact]
    public async Task Ack_Unsigned_SignatureMissing()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();

        using var response = await cp.PlainClient().PostAsJsonAsync("v1/stream/ack", new { challenge = ControlPlaneSignature.NewChallenge(), seq = 1 });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGNATURE_MISSING", await CodeAsync(response));
    }

    [Fact]
    public async Task Ack_KeyNotRegisteredAsANodeOfTheNamespace_Forbidden()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var setup = await SetUpAsync(cp);
        var challenge = ControlPlaneSignature.NewChallenge();
        await using var stream = await OpenStreamAsync(cp, setup.Gateway, challenge);
        var stranger = cp.NewIdentity(Ns);

        using var response = await AckAsync(cp.SignedClient(stranger), challenge, 0);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("FORBIDDEN", await CodeAsync(response));
    }

    [Fact]
    public async Task Ack_PositionNeverSentOnTheStream_StreamPositionUnknown()
    {
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 200);
        var setup = await SetUpAsync(cp);
        var challenge = ControlPlaneSignature.NewChallenge();
        await using var stream = await OpenStreamAsync(cp, setup.Gateway, challenge);
        var revoke = RevokeAsync(cp, setup);
        var revoked = await NextClaimEventAsync(stream);

        // A node cannot confirm what it was not sent: the revocation stays unconfirmed.
        using var response = await AckAsync(cp.SignedClient(setup.Gateway), challenge, revoked.Id + 1);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("STREAM_POSITION_UNKNOWN", await CodeAsync(response));
        Assert.Equal(0, (await revoke).GetProperty("propagation").GetProperty("acknowledged").GetInt32());
    }

    [Fact]
    public async Task Ack_ChallengeOfAStreamInAnotherNamespace_StreamUnknown()
    {
        await using var cp = await ControlPlaneFixture.StartAsync(o => o.RevocationWaitMilliseconds = 200);
        var setup = await SetUpAsync(cp);
        var challenge = ControlPlaneSignature.NewChallenge();
        await using var stream = await OpenStreamAsync(cp, setup.Gateway, challenge);
        var (_, bobToken) = await cp.RegisterOwnerAsync("bob");
        var bobGateway = cp.NewIdentity("bob");
        await RegisterGatewayAsync(cp, bobToken, bobGateway, "bob-gw");
        var revoke = RevokeAsync(cp, setup);
        var revoked = await NextClaimEventAsync(stream);

        // bob's registered gateway names alice's stream: not a stream of its namespace, and alice's revocation is not confirmed by it.
        using var response = await AckAsync(cp.SignedClient(bobGateway), challenge, revoked.Id);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("STREAM_UNKNOWN", await CodeAsync(response));
        Assert.Equal(0, (await revoke).GetProperty("propagation").GetProperty("acknowledged").GetInt32());
    }

    [Fact]
    public async Task Ack_ChallengeOfAnotherNodesStream_StreamUnknown()
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var setup = await SetUpAsync(cp);
        var challenge = ControlPlaneSignature.NewChallenge();
        await using var stream = await OpenStreamAsync(cp, setup.Gateway, challenge);
        var other = cp.NewIdentity(Ns);
        await RegisterGatewayAsync(cp, setup.Token, other, "gw-2");

        using var response = await AckAsync(cp.SignedClient(other), challenge, 0);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("STREAM_UNKNOWN", await CodeAsync(response));
    }

    [Theory]
    [InlineData("{\"seq\":1}")]
    [InlineData("{\"challenge\":\"short\",\"seq\":1}")]
    [InlineData("{\"challenge\":\"AAAAAAAAAAAAAAAAAAAAAA\"}")]
    [InlineData("{\"challenge\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"seq\":-1}")]
    public async Task Ack_MalformedBody_ValidationError(string body)
    {
        await using var cp = await ControlPlaneFixture.StartAsync();
        var setup = await SetUpAsync(cp);

        using var response = await cp.SignedClient(setup.Gateway).PostAsync("v1/stream/ack", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("VALIDATION_ERROR", await CodeAsync(response));
    }

    private sealed record Setup(string Token, SigningIdentity Gateway, string NodeId, string ClaimId);

    /// <summary>alice with a service, a registered gateway node "gw-1" and one approved claim.</summary>
    private static async Task<Setup> SetUpAsync(ControlPlaneFixture cp)
    {
        var (_, token) = await cp.RegisterOwnerAsync(Ns);
        var serviceKey = await cp.CreateServiceAsync(token, Ns, "openai", "api.openai.com");
        var gateway = cp.NewIdentity(Ns);
        var nodeId = await RegisterGatewayAsync(cp, token, gateway, "gw-1");
        var agent = cp.NewIdentity(Ns);
        var submitted = await cp.SubmitClaimAsync(agent, serviceKey, "openai");
        submitted.EnsureSuccessStatusCode();
        var claimId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;
        (await cp.PlainClient(token).PostAsJsonAsync($"v1/claims/{claimId}/approve", new { })).EnsureSuccessStatusCode();
        return new Setup(token, gateway, nodeId, claimId);
    }

    private static async Task<string> RegisterGatewayAsync(ControlPlaneFixture cp, string token, SigningIdentity gateway, string name)
    {
        using var registered = await cp.PlainClient(token).PostAsJsonAsync($"v1/namespaces/{gateway.Namespace}/nodes", new { kind = "gateway", name, public_key = gateway.AgentKeyHeader });
        registered.EnsureSuccessStatusCode();
        return (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>A signed stream bound to <paramref name="challenge"/>, read past its snapshot.</summary>
    private static async Task<Subscriber> OpenStreamAsync(ControlPlaneFixture cp, SigningIdentity gateway, string challenge)
    {
        var reader = await SseReader.OpenAsync(cp.SignedClient(gateway), "v1/stream?challenge=" + challenge);
        var snapshot = await reader.NextAsync(EventWait);
        Assert.Equal("snapshot", snapshot.Name);
        return new Subscriber(reader);
    }

    private static async Task<SseReader.SseEvent> NextClaimEventAsync(Subscriber subscriber)
    {
        while (true)
        {
            var next = await subscriber.Reader.NextAsync(EventWait);
            if (next.Name == "claim")
            {
                return next;
            }
        }
    }

    private static async Task<JsonElement> RevokeAsync(ControlPlaneFixture cp, Setup setup)
    {
        using var response = await cp.PlainClient(setup.Token).PostAsync($"v1/claims/{setup.ClaimId}/revoke", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<HttpResponseMessage> AckAsync(HttpClient client, string challenge, long seq) =>
        client.PostAsJsonAsync("v1/stream/ack", new { challenge, seq });

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();

    private sealed class Subscriber(SseReader reader) : IAsyncDisposable
    {
        public SseReader Reader { get; } = reader;

        public ValueTask DisposeAsync() => Reader.DisposeAsync();
    }
}
