using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Each attestation rule of issue 6 item 3 failing alone, through the real proxy: 403 with the
/// rule's code, and neither the backend nor the upstream is touched.
/// </summary>
public sealed class AttestationGateEndToEndTests
{
    private const string Path = "/v1/models";

    private static async Task AssertRefusedAsync(VaultHarness harness, HttpResponseMessage response, string code, HttpStatusCode status = HttpStatusCode.Forbidden)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues("X-Sigil-Vault-Error").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(code, (string?)body["code"]);
        Assert.Empty(harness.Upstream.Received);
        Assert.Equal(0, harness.FetchCount);
    }

    private static async Task<HttpResponseMessage> SendAsync(VaultHarness harness, string? attestation, string path = Path, HttpMethod? method = null) =>
        await harness.CreateClient().SendAsync(harness.Request(method ?? HttpMethod.Get, path, attestation));

    private static string Unsigned(JsonObject header, JsonObject payload, string signature = "") =>
        Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + signature;

    private static JsonObject ValidPayload(VaultHarness harness, long lifetime = 30)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = VaultHarness.Issuer,
            ["aud"] = "sigil-vault",
            ["iat"] = now,
            ["exp"] = now + lifetime,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            ["kid"] = VaultHarness.Kid,
            ["intentHash"] = Sigilum.Protocol.Intents.HttpIntent.Create("GET", harness.Url(Path)).Value!.Commitment.IntentHash,
        };
    }

    [Fact]
    public async Task Request_WithoutAttestation_Refused403Missing()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await SendAsync(harness, null);
        await AssertRefusedAsync(harness, response, "ATTESTATION_MISSING");
    }

    [Fact]
    public async Task Request_AlgNone_Refused403AlgUnsupported()
    {
        await using var harness = await VaultHarness.StartAsync();
        var token = Unsigned(new JsonObject { ["alg"] = "none", ["kid"] = VaultHarness.Kid }, ValidPayload(harness));
        using var response = await SendAsync(harness, token);
        await AssertRefusedAsync(harness, response, "JWS_ALG_UNSUPPORTED");
    }

    [Fact]
    public async Task Request_Hs256KeyedWithPublicKey_Refused403AlgUnsupported()
    {
        await using var harness = await VaultHarness.StartAsync();
        var header = new JsonObject { ["alg"] = "HS256", ["kid"] = VaultHarness.Kid };
        var input = Base64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url.Encode(Encoding.UTF8.GetBytes(ValidPayload(harness).ToJsonString()));
        var mac = HMACSHA256.HashData(harness.Signer.PublicKey.ToArray(), Encoding.ASCII.GetBytes(input));
        using var response = await SendAsync(harness, input + "." + Base64Url.Encode(mac));
        await AssertRefusedAsync(harness, response, "JWS_ALG_UNSUPPORTED");
    }

    [Fact]
    public async Task Request_UnknownKid_Refused403KidUnknown()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var other = Ed25519KeyPair.Generate();
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), key: other, kid: "not-trusted"));
        await AssertRefusedAsync(harness, response, "JWS_KID_UNKNOWN");
    }

    [Fact]
    public async Task Request_ForgedSignatureUnderTrustedKid_Refused403SignatureInvalid()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var forger = Ed25519KeyPair.Generate();
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), key: forger));
        await AssertRefusedAsync(harness, response, "JWS_SIGNATURE_INVALID");
    }

    [Fact]
    public async Task Request_AnchorKeyNotMatchingPin_Refused403PinMismatch()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { PinOtherKey = true });
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path)));
        await AssertRefusedAsync(harness, response, "ATTESTATION_KEY_PIN_MISMATCH");
    }

    [Fact]
    public async Task Request_IssuerNotTheAnchors_Refused403IssuerUntrusted()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), d => d with { Issuer = "someone-else" }));
        await AssertRefusedAsync(harness, response, "ATTESTATION_ISSUER_UNTRUSTED");
    }

    [Fact]
    public async Task Request_WrongAudience_Refused403AudienceInvalid()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), d => d with { Audience = "another-gateway" }));
        await AssertRefusedAsync(harness, response, "ATTESTATION_AUDIENCE_INVALID");
    }

    [Fact]
    public async Task Request_SigilSignAudience_Accepted()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), d => d with { Audience = "sigil-sign" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_Expired_Refused403Expired()
    {
        await using var harness = await VaultHarness.StartAsync();
        var past = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(-5));
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), time: past));
        await AssertRefusedAsync(harness, response, "ATTESTATION_EXPIRED");
    }

    [Fact]
    public async Task Request_IssuedInTheFuture_Refused403NotYetValid()
    {
        await using var harness = await VaultHarness.StartAsync();
        var future = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddMinutes(2));
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url(Path), time: future));
        await AssertRefusedAsync(harness, response, "ATTESTATION_NOT_YET_VALID");
    }

    [Fact]
    public async Task Request_LifetimeOver60Seconds_Refused403LifetimeTooLong()
    {
        await using var harness = await VaultHarness.StartAsync();
        var token = JwsSigner.Sign(ValidPayload(harness, lifetime: 61), harness.Signer, VaultHarness.Kid);
        using var response = await SendAsync(harness, token);
        await AssertRefusedAsync(harness, response, "ATTESTATION_LIFETIME_TOO_LONG");
    }

    [Fact]
    public async Task JWT_13_AttestationForAnotherUrl_Refused403IntentMismatch()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await SendAsync(harness, harness.Attest("GET", harness.Url("/v1/other")));
        await AssertRefusedAsync(harness, response, "ATTESTATION_INTENT_MISMATCH");
    }

    [Fact]
    public async Task JWT_13_AttestationForAnotherMethod_Refused403IntentMismatch()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var response = await SendAsync(harness, harness.Attest("DELETE", harness.Url(Path)));
        await AssertRefusedAsync(harness, response, "ATTESTATION_INTENT_MISMATCH");
    }

    [Fact]
    public async Task JWT_12_ReplayedJti_SecondRefused403Replayed()
    {
        await using var harness = await VaultHarness.StartAsync();
        var token = harness.Attest("GET", harness.Url(Path));
        using var first = await SendAsync(harness, token);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await SendAsync(harness, token);

        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Equal("ATTESTATION_REPLAYED", second.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Single(harness.Upstream.Received);
        Assert.Equal(1, harness.FetchCount);
    }

    [Fact]
    public async Task JWT_12_ReplayedJtiAfterProxyRestart_Refused403Replayed()
    {
        await using var harness = await VaultHarness.StartAsync();
        var token = harness.Attest("GET", harness.Url(Path));
        using (var first = await SendAsync(harness, token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        await harness.RestartProxyAsync();

        using var second = await SendAsync(harness, token);

        Assert.Equal("ATTESTATION_REPLAYED", second.Headers.GetValues("X-Sigil-Vault-Error").Single());
        Assert.Single(harness.Upstream.Received);
    }

    [Fact]
    public async Task Request_AttestationShapedLikeControlPlanes_Accepted()
    {
        // What Sigilum.ControlPlane's /v1/authorize issues: typ JWT, its own issuer, policyHash, agentId/framework claims.
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { Issuer = "sigilum-control-plane" });
        var intent = Sigilum.Protocol.Intents.HttpIntent.Create("GET", harness.Url(Path)).Value!;
        var token = Sigilum.Protocol.Attestations.AttestationIssuer.Issue(new Sigilum.Protocol.Attestations.AttestationDraft
        {
            Issuer = "sigilum-control-plane",
            Audience = "sigil-vault",
            Subject = "agent-key-1",
            IntentHash = intent.Commitment.IntentHash,
            PolicyHash = new string('a', 64),
            Lifetime = TimeSpan.FromSeconds(60),
            ExtraClaims = new JsonObject { ["agentId"] = harness.AgentId, ["framework"] = "langchain" },
        }, harness.Signer, VaultHarness.Kid, TimeProvider.System, "JWT");

        using var response = await SendAsync(harness, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
