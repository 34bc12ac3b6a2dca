using System.Net;
using System.Text;
using Sigilum.Testing.Fakes;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Backends;

/// <summary>
/// aws-sts through the vault (docs/decisions/0014): the agent's SDK signs with placeholder keys; the vault
/// assumes the role at the fake STS and re-signs the request with the temporary credentials. The upstream
/// checks the signature with <see cref="FakeSigV4Verifier"/>, which shares no code with our signer.
/// </summary>
public sealed class AwsStsEndToEndTests : IAsyncLifetime
{
    private const string KeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Path = "/2015-03-31/functions/my-fn/invocations?Qualifier=live";
    private VaultHarness _harness = null!;
    private FakeAws _aws = null!;
    private string _role = null!;
    private readonly List<(SigV4Verdict Verdict, string Token, string Authorization, string Body)> _seen = [];

    public async Task InitializeAsync()
    {
        _harness = await VaultHarness.StartAsync();
        _aws = await FakeAws.StartAsync(TimeProvider.System);
        _aws.AddUser("sigilum", KeyId, SecretKey);
        _role = _aws.AddRole("agent-deploy");
        _harness.Environment["AWS_SECRET"] = SecretKey;
        _harness.Upstream.Inspect = (context, body) =>
        {
            var verdict = FakeSigV4Verifier.Verify(context, body, _aws.FindKey, TimeProvider.System.GetUtcNow(), "eu-west-1", "lambda");
            lock (_seen)
            {
                _seen.Add((verdict, context.Request.Headers["X-Amz-Security-Token"].ToString(), context.Request.Headers.Authorization.ToString(), Encoding.UTF8.GetString(body)));
            }
        };
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        await _aws.DisposeAsync();
    }

    private Task UseStsAsync(params string[] headers) => BackendRoute.UseAsync(_harness, "aws-deploy", "aws-sts", new Dictionary<string, string>
    {
        ["region"] = "us-east-1", ["sts_endpoint"] = _aws.BaseUri.ToString(), ["role_arn"] = _role,
        ["access_key_id"] = KeyId, ["secret_access_key_env"] = "AWS_SECRET",
    }, _role, headers);

    /// <summary>What an AWS SDK sends when it was configured with placeholder keys.</summary>
    private HttpRequestMessage AgentRequest(bool placeholderSignature = true)
    {
        var request = _harness.AttestedRequest(HttpMethod.Post, Path);
        request.Content = new StringContent("""{"event":1}""", Encoding.UTF8, "application/json");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20200101T000000Z");
        if (placeholderSignature)
        {
            request.Headers.TryAddWithoutValidation("Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDPLACEHOLDER/20200101/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "placeholder");
        }
        return request;
    }

    [Fact]
    public async Task Post_AwsStsRoute_UpstreamVerifiesSigV4WithTemporaryCredentials()
    {
        await UseStsAsync();

        using var response = await _harness.CreateClient().SendAsync(AgentRequest());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {BackendRoute.ErrorCode(response)} {body}");
        var seen = Assert.Single(_seen);
        Assert.Equal(SigV4Verdict.Valid, seen.Verdict);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=ASIA", seen.Authorization, StringComparison.Ordinal);
        Assert.NotEqual("placeholder", seen.Token);
        Assert.Equal("""{"event":1}""", seen.Body);
        Assert.Equal(1, _aws.AssumeRoleCalls);
        // The agent saw neither the temporary secret's session token nor the signature it produced.
        Assert.DoesNotContain(seen.Token, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UpstreamEchoesSessionToken_AgentSeesItRedacted()
    {
        await UseStsAsync();
        var request = _harness.AttestedRequest(HttpMethod.Get, "/echo");
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDPLACEHOLDER/20200101/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        _harness.Upstream.Inspect = (context, _) => context.Response.Headers["X-Token"] = context.Request.Headers["X-Amz-Security-Token"].ToString();

        using var response = await _harness.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[REDACTED:sigil-vault]", response.Headers.GetValues("X-Token").Single());
    }

    [Fact]
    public async Task Post_ChunkedBody_IsBufferedSignedAndForwardedWithLength()
    {
        await UseStsAsync();
        var request = AgentRequest();
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("""{"event":2}""")));
        request.Headers.TransferEncodingChunked = true;

        using var response = await _harness.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_seen);
        Assert.Equal(SigV4Verdict.Valid, seen.Verdict);
        Assert.Equal("""{"event":2}""", seen.Body);
    }

    [Fact]
    public async Task Post_NoScopeFromAgentOrHost_400AndNothingForwarded()
    {
        await UseStsAsync();

        using var response = await _harness.CreateClient().SendAsync(AgentRequest(placeholderSignature: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("AWS_SCOPE_UNKNOWN", BackendRoute.ErrorCode(response));
        Assert.Empty(_harness.Upstream.Received);
    }

    [Fact]
    public async Task Post_AwsStsRouteWithHeaderTemplate_RefusedAndNothingForwarded()
    {
        // A template would put the credentials' JSON into a header: refused, never sent.
        await UseStsAsync("Authorization=Bearer {{credential}}");

        using var response = await _harness.CreateClient().SendAsync(AgentRequest());

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("ROUTE_MISCONFIGURED", BackendRoute.ErrorCode(response));
        Assert.Empty(_harness.Upstream.Received);
    }
}
