using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Every protected route refuses unsigned, replayed, expired, mis-bound and oversized requests with the
/// documented code, and owner/service-key routes refuse missing or foreign credentials.
/// </summary>
public sealed class RouteSecurityTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;
    private string _token = null!;
    private string _serviceKey = null!;
    private Sigilum.Protocol.Signatures.SigningIdentity _owner = null!;

    /// <summary>Signed routes: (method, path, body).</summary>
    public static TheoryData<string, string, string?> SignedRoutes() => new()
    {
        { "POST", "v1/namespaces", "{}" },
        { "POST", "v1/auth/login", null },
        { "GET", "v1/namespaces/alice", null },
        { "POST", "v1/claims", "{}" },
        { "GET", "v1/verify?namespace=alice&service=openai&public_key=x", null },
        { "GET", "v1/namespaces/claims", null },
        { "GET", "v1/stream", null },
        { "POST", "v1/stream/ack", "{}" },
        { "POST", "v1/authorize", "{}" },
        { "GET", "v1/holds/cl_000000000000000000000000", null },
        { "POST", "v1/usage/events", "{}" },
        { "POST", "v1/witness/checkpoints", "{}" },
    };

    /// <summary>Owner routes: (method, path).</summary>
    public static TheoryData<string, string> OwnerRoutes() => new()
    {
        { "GET", "v1/auth/me" },
        { "POST", "v1/auth/logout" },
        { "GET", "v1/namespaces/alice/claims" },
        { "GET", "v1/claims/cl_000000000000000000000000" },
        { "POST", "v1/claims/cl_000000000000000000000000/approve" },
        { "POST", "v1/claims/cl_000000000000000000000000/reject" },
        { "POST", "v1/claims/cl_000000000000000000000000/revoke" },
        { "GET", "v1/namespaces/alice/services" },
        { "POST", "v1/namespaces/alice/services" },
        { "GET", "v1/namespaces/alice/nodes" },
        { "POST", "v1/namespaces/alice/nodes" },
        { "GET", "v1/namespaces/alice/services/openai/keys" },
        { "POST", "v1/namespaces/alice/services/openai/keys" },
        { "POST", "v1/namespaces/alice/services/openai/webhooks" },
        { "GET", "v1/namespaces/alice/services/openai/webhooks" },
        { "GET", "v1/namespaces/alice/usage" },
        { "GET", "v1/namespaces/alice/witness" },
        { "POST", "v1/attestations/keys/rotate" },
    };

    public async Task InitializeAsync()
    {
        _cp = await ControlPlaneFixture.StartAsync();
        (_owner, _token) = await _cp.RegisterOwnerAsync("alice");
        _serviceKey = await _cp.CreateServiceAsync(_token, "alice", "openai", "api.openai.com");
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    private static byte[]? Body(string? json) => json is null ? null : System.Text.Encoding.UTF8.GetBytes(json);

    private static async Task<string?> CodeOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) ? code.GetString() : null;
    }

    [Theory]
    [MemberData(nameof(SignedRoutes))]
    public async Task SignedRoute_Unsigned_Returns401SignatureMissing(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body) };
        var response = await _cp.PlainClient(_serviceKey).SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGNATURE_MISSING", await CodeOf(response));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(SignedRoutes))]
    public async Task SignedRoute_Replayed_Returns409NonceReplay(string method, string path, string? body)
    {
        var nonce = Guid.NewGuid().ToString();
        using var client = new HttpClient();
        using var first = ManualSigning.Build(_cp, _owner, new HttpMethod(method), path, Body(body), nonce: nonce, bearer: _serviceKey);
        using var firstResponse = await client.SendAsync(first, HttpCompletionOption.ResponseHeadersRead);
        using var replay = ManualSigning.Build(_cp, _owner, new HttpMethod(method), path, Body(body), nonce: nonce, bearer: _serviceKey);

        var response = await client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("SIGNATURE_NONCE_REPLAY", await CodeOf(response));
    }

    [Theory]
    [MemberData(nameof(SignedRoutes))]
    public async Task SignedRoute_CreatedTooOld_Returns401SignatureExpired(string method, string path, string? body)
    {
        var old = TimeProvider.System.GetUtcNow().AddSeconds(-301).ToUnixTimeSeconds();
        using var request = ManualSigning.Build(_cp, _owner, new HttpMethod(method), path, Body(body), created: old, bearer: _serviceKey);

        var response = await new HttpClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGNATURE_EXPIRED", await CodeOf(response));
    }

    [Theory]
    [MemberData(nameof(SignedRoutes))]
    public async Task SignedRoute_CreatedInTheFuture_Returns401SignatureExpired(string method, string path, string? body)
    {
        var future = TimeProvider.System.GetUtcNow().AddSeconds(60).ToUnixTimeSeconds();
        using var request = ManualSigning.Build(_cp, _owner, new HttpMethod(method), path, Body(body), created: future, bearer: _serviceKey);

        var response = await new HttpClient().SendAsync(request);

        Assert.Equal("SIGNATURE_EXPIRED", await CodeOf(response));
    }

    [Theory]
    [MemberData(nameof(SignedRoutes))]
    public async Task SignedRoute_BodyTamperedAfterSigning_Returns401(string method, string path, string? body)
    {
        using var request = ManualSigning.Build(_cp, _owner, new HttpMethod(method), path, Body(body ?? "{}"), bearer: _serviceKey);
        request.Content = new StringContent("{\"tampered\":true}");

        var response = await new HttpClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(await CodeOf(response), new[] { "SIGNATURE_DIGEST_MISMATCH", "SIGNATURE_COMPONENTS_INVALID" });
    }

    [Theory]
    [MemberData(nameof(SignedRoutes))]
    public async Task SignedRoute_OversizedBody_Returns413(string method, string path, string? body)
    {
        _ = body;
        var huge = new byte[1024 * 1024 + 1];
        using var request = ManualSigning.Build(_cp, _owner, new HttpMethod(method), path, huge, bearer: _serviceKey);

        var response = await new HttpClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_BODY_TOO_LARGE", await CodeOf(response));
    }

    [Fact]
    public async Task SignedRoute_SignerOfAnotherNamespace_IsRefusedAsMisBound()
    {
        var mallory = _cp.NewIdentity("mallory");

        var show = await _cp.SignedClient(mallory).GetAsync("v1/namespaces/alice");
        var verify = await _cp.SignedClient(mallory).GetAsync("v1/verify?namespace=alice&service=openai&public_key=x");
        var claim = await _cp.SubmitClaimAsync(_cp.NewIdentity("mallory"), _serviceKey, "openai");

        Assert.Equal("SIGNATURE_NAMESPACE_MISMATCH", await CodeOf(show));
        Assert.Equal("SIGNATURE_NAMESPACE_MISMATCH", await CodeOf(verify));
        Assert.Equal(HttpStatusCode.Forbidden, claim.StatusCode);
    }

    [Fact]
    public async Task Claim_SignedByOtherKeyOfSameNamespaceWithoutBinding_Returns403KeyMismatch()
    {
        var agent = _cp.NewIdentity("alice");
        var other = _cp.NewIdentity("alice");
        var client = _cp.SignedClient(other);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new { @namespace = "alice", public_key = agent.AgentKeyHeader, service = "openai", nonce = Guid.NewGuid().ToString("N") }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _serviceKey);

        var response = await client.SendAsync(request);

        Assert.Equal("SIGNATURE_KEY_MISMATCH", await CodeOf(response));
    }

    [Fact]
    public async Task Claim_WithoutServiceKey_Returns401()
    {
        var agent = _cp.NewIdentity("alice");

        var response = await _cp.SubmitClaimAsync(agent, "sk_live_" + new string('0', 48), "openai");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHORIZED", await CodeOf(response));
    }

    [Theory]
    [MemberData(nameof(OwnerRoutes))]
    public async Task OwnerRoute_NoOrWrongToken_Returns401(string method, string path)
    {
        foreach (var token in new string?[] { null, "sgo_not-a-real-token", _serviceKey })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
            var response = await _cp.PlainClient(token).SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("UNAUTHORIZED", await CodeOf(response));
        }
    }

    [Fact]
    public async Task ADM_06_OwnerRoute_TokenOfAnotherNamespace_SeesNothing()
    {
        var (_, malloryToken) = await _cp.RegisterOwnerAsync("mallory");
        var agent = _cp.NewIdentity("alice");
        var claimId = (await (await _cp.SubmitClaimAsync(agent, _serviceKey, "openai")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString();
        var mallory = _cp.PlainClient(malloryToken);

        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync("v1/namespaces/alice/claims")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync($"v1/claims/{claimId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.PostAsync($"v1/claims/{claimId}/approve", JsonContent.Create(new { }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mallory.GetAsync("v1/namespaces/alice/services")).StatusCode);
    }

    [Fact]
    public async Task ADM_06_Agent_ApprovesItsOwnClaim_RefusedAndStillPending()
    {
        // The agent that filed the claim holds its own key and the service key — neither makes it an approver.
        var agent = _cp.NewIdentity("alice");
        var claimId = (await (await _cp.SubmitClaimAsync(agent, _serviceKey, "openai")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString();

        var signed = await _cp.SignedClient(agent).PostAsJsonAsync($"v1/claims/{claimId}/approve", new { });
        var withServiceKey = await _cp.PlainClient(_serviceKey).PostAsJsonAsync($"v1/claims/{claimId}/approve", new { });

        Assert.Equal(HttpStatusCode.Unauthorized, signed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withServiceKey.StatusCode);
        var claim = await _cp.PlainClient(_token).GetFromJsonAsync<JsonElement>($"v1/claims/{claimId}");
        Assert.Equal("pending", claim.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADM_07_ClaimSubmission_WithStatusApprovedAndApprovedBy_StaysPending()
    {
        var agent = _cp.NewIdentity("alice");
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new
            {
                @namespace = "alice", public_key = agent.AgentKeyHeader, service = "openai", nonce = Guid.NewGuid().ToString("N"),
                status = "approved", approved_by = "x", approved_at = "2026-01-01T00:00:00Z", expires_at = "2099-01-01T00:00:00Z", allowed_subjects = new[] { "*" },
            }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _serviceKey);

        var response = await _cp.SignedClient(agent).SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", created.GetProperty("status").GetString());
        var claim = await _cp.PlainClient(_token).GetFromJsonAsync<JsonElement>($"v1/claims/{created.GetProperty("claim_id").GetString()}");
        Assert.Equal("pending", claim.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("approved_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("expires_at").ValueKind);
        Assert.Empty(claim.GetProperty("allowed_subjects").EnumerateArray());
    }

    [Fact]
    public async Task ADM_07_Approve_WithClientSetAuthorityFields_ServerSetsThem()
    {
        var agent = _cp.NewIdentity("alice");
        var claimId = (await (await _cp.SubmitClaimAsync(agent, _serviceKey, "openai")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString();

        var response = await _cp.PlainClient(_token).PostAsJsonAsync($"v1/claims/{claimId}/approve", new
        {
            status = "rejected", approved_by = "x", @namespace = "mallory", approved_at = "2000-01-01T00:00:00Z", public_key = "ed25519:AAAA", service = "other",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claim = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("approved", "alice", "openai", agent.AgentKeyHeader), (claim.GetProperty("status").GetString(), claim.GetProperty("namespace").GetString(),
            claim.GetProperty("service").GetString(), claim.GetProperty("public_key").GetString()));
        Assert.True(claim.GetProperty("approved_at").GetDateTimeOffset() > new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Logout_RevokesTheToken()
    {
        var client = _cp.PlainClient(_token);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("v1/auth/me")).StatusCode);
    }

    [Fact]
    public async Task Login_ByNonOwnerKeyOfTheNamespace_Returns403()
    {
        var response = await _cp.SignedClient(_cp.NewIdentity("alice")).PostAsync("v1/auth/login", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Register_NamespaceTaken_Returns409()
    {
        var response = await _cp.SignedClient(_cp.NewIdentity("alice")).PostAsJsonAsync("v1/namespaces", new { });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("NAMESPACE_ALREADY_REGISTERED", await CodeOf(response));
    }

    [Fact]
    public async Task ManyAuthFailures_FromOneAddress_Return429WithRetryAfter()
    {
        HttpResponseMessage? last = null;
        for (var i = 0; i <= Sigilum.AspNetCore.Authentication.AuthFailureLimiter.MaxFailures + 1; i++)
        {
            last = await _cp.PlainClient("sgo_wrong").GetAsync("v1/auth/me");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal("RATE_LIMITED", await CodeOf(last));
        Assert.NotNull(last.Headers.RetryAfter);
    }

    [Fact]
    public async Task CTL_02_TwoConcurrentDecisionsOnOneClaim_ExactlyOneWins_TheOthersGet409()
    {
        var agent = _cp.NewIdentity("alice");
        var claimId = (await (await _cp.SubmitClaimAsync(agent, _serviceKey, "openai")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString();
        var owner = _cp.PlainClient(_token);

        var results = await Task.WhenAll(
            owner.PostAsync($"v1/claims/{claimId}/approve", JsonContent.Create(new { })),
            owner.PostAsync($"v1/claims/{claimId}/reject", null),
            owner.PostAsync($"v1/claims/{claimId}/approve", JsonContent.Create(new { })));

        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(2, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task MalformedJson_Returns400InvalidJson()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/namespaces/alice/services") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        var response = await _cp.PlainClient(_token).SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_JSON", await CodeOf(response));
    }
}
