using System.Text;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Aws;

public sealed class StsBackendTests : IAsyncLifetime
{
    private const string KeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly BackendTestKit _kit = new();
    private FakeAws _aws = null!;
    private string _role = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeAws.StartAsync(_kit.Time);
        _aws.AddUser("sigilum", KeyId, SecretKey);
        _role = _aws.AddRole("agent-deploy");
        _kit.Environment["AWS_SECRET"] = SecretKey;
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    private ICredentialBackend Backend(params (string, string)[] extra) => _kit.Create("aws-sts",
    [
        ("region", "us-east-1"), ("sts_endpoint", _aws.BaseUri.ToString()), ("role_arn", _role),
        .. extra.Any(e => e.Item1 == "auth") ? extra : [("access_key_id", KeyId), ("secret_access_key_env", "AWS_SECRET"), .. extra],
    ]);

    private static AwsCredentials Parse(BackendResult result)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        using var credential = result.Credential!;
        return AwsCredentials.FromCredential(credential) ?? throw new InvalidOperationException("not STS JSON");
    }

    [Fact]
    public async Task BKD_11_AssumeRole_TemporaryCredentialsWithSessionLifetime()
    {
        await using var backend = Backend(("duration", "15m"));

        var result = await backend.FetchAsync(string.Empty, CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(15), result.Credential?.Metadata.Ttl);
        Assert.True(result.Credential?.Metadata.Cacheable);
        var credentials = Parse(result);
        Assert.StartsWith("ASIA", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.NotNull(credentials.SessionToken);
        Assert.Equal(_kit.Time.GetUtcNow().AddMinutes(15), credentials.Expiration);
        Assert.DoesNotContain(credentials.SecretAccessKey, credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_WithinSession_ServedFromCache()
    {
        await using var backend = Backend();

        var first = Parse(await backend.FetchAsync(string.Empty, CancellationToken.None));
        _kit.Time.Advance(TimeSpan.FromMinutes(30));
        var second = Parse(await backend.FetchAsync(string.Empty, CancellationToken.None));

        Assert.Equal(first.AccessKeyId, second.AccessKeyId);
        Assert.Equal(1, _aws.AssumeRoleCalls);
    }

    [Fact]
    public async Task FetchAsync_ReferenceNamesAnotherRole_AssumesIt()
    {
        var other = _aws.AddRole("agent-read");
        await using var backend = Backend();

        Assert.NotNull(Parse(await backend.FetchAsync(other, CancellationToken.None)).SessionToken);
    }

    [Fact]
    public async Task FetchAsync_ReferenceNotARoleArn_NotFound()
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("arn:aws:iam::123456789012:user/x", CancellationToken.None), BackendErrorKind.NotFound);
        Assert.Empty(_aws.Host.Requests);
    }

    [Fact]
    public async Task FetchAsync_RoleNotAssumable_Unauthorized()
    {
        await using var backend = Backend();

        var error = BackendTestKit.Failure(await backend.FetchAsync($"arn:aws:iam::{FakeAws.AccountId}:role/not-there", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Contains("AccessDenied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_WrongSecretKey_Unauthorized()
    {
        _kit.Environment["AWS_SECRET"] = SecretKey + "x";
        await using var backend = Backend();

        var error = BackendTestKit.Failure(await backend.FetchAsync(string.Empty, CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Contains("SignatureDoesNotMatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ExpiredCallerSessionToken_Unauthorized()
    {
        await using (var first = Backend(("duration", "900")))
        {
            var temporary = Parse(await first.FetchAsync(string.Empty, CancellationToken.None));
            _kit.Environment["TMP_SECRET"] = temporary.SecretAccessKey;
            _kit.Environment["TMP_TOKEN"] = temporary.SessionToken!;
            _kit.Environment["TMP_ID"] = temporary.AccessKeyId;
        }
        await using var chained = _kit.Create("aws-sts", ("region", "us-east-1"), ("sts_endpoint", _aws.BaseUri.ToString()), ("role_arn", _role),
            ("access_key_id", _kit.Environment["TMP_ID"]), ("secret_access_key_env", "TMP_SECRET"), ("session_token_env", "TMP_TOKEN"));
        _kit.Time.Advance(TimeSpan.FromMinutes(16));

        var error = BackendTestKit.Failure(await chained.FetchAsync(string.Empty, CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Contains("ExpiredToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BKD_03_StsThrottlingAs400_ThrottledNotUnauthorized()
    {
        await using var backend = Backend();
        _aws.ThrottleNext(1);

        var error = BackendTestKit.Failure(await backend.FetchAsync(string.Empty, CancellationToken.None), BackendErrorKind.Throttled);
        Assert.Equal("BACKEND_THROTTLED", error.Code);
    }

    [Fact]
    public async Task FetchAsync_WebIdentity_AssumesWithoutKeys()
    {
        using var dir = new TempDirectory();
        var tokenFile = Path.Combine(dir.Path, "token");
        await File.WriteAllTextAsync(tokenFile, "eyJ.web.identity");
        _aws.AllowWebIdentity(_role, "eyJ.web.identity");
        await using var backend = Backend(("auth", "web_identity"), ("web_identity_token_file", tokenFile));

        Assert.NotNull(Parse(await backend.FetchAsync(string.Empty, CancellationToken.None)).SessionToken);
        Assert.Null(await backend.TestAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FetchAsync_WebIdentityRejected_Unauthorized()
    {
        _aws.AllowWebIdentity(_role, "eyJ.right");
        _kit.Environment["OIDC"] = "eyJ.wrong";
        await using var backend = Backend(("auth", "web_identity"), ("web_identity_token_env", "OIDC"));

        BackendTestKit.Failure(await backend.FetchAsync(string.Empty, CancellationToken.None), BackendErrorKind.Unauthorized);
    }

    [Theory]
    [InlineData("<nope")]
    [InlineData("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult/></AssumeRoleResponse>")]
    public async Task FetchAsync_MalformedAnswer_Malformed(string body)
    {
        await using var backend = Backend();
        _aws.Host.Enqueue(200, body, "text/xml");

        BackendTestKit.Failure(await backend.FetchAsync(string.Empty, CancellationToken.None), BackendErrorKind.Malformed);
    }

    [Fact]
    public async Task FetchAsync_NeverAnswers_TimeoutWhenCallerGivesUp()
    {
        await using var backend = Backend();
        _aws.Host.Hang = true;
        using var deadline = new CancellationTokenSource();
        var arrived = _aws.Host.NextRequestAsync();

        var fetch = backend.FetchAsync(string.Empty, deadline.Token);
        await arrived;
        await deadline.CancelAsync();

        BackendTestKit.Failure(await fetch, BackendErrorKind.Timeout);
    }

    [Fact]
    public async Task TestAsync_ValidKeys_CallsGetCallerIdentityOnly()
    {
        await using var backend = Backend();

        Assert.Null(await backend.TestAsync(CancellationToken.None));
        Assert.Equal(0, _aws.AssumeRoleCalls);
    }

    [Theory]
    [InlineData("899")]
    [InlineData("5m")]
    public void BKD_11_SessionShorterThan900Seconds_Refused(string duration)
    {
        // STS cannot issue shorter sessions: asking for one would fail at every fetch, so configuration refuses it.
        var errors = BackendTestKit.Errors("aws-sts", ("region", "us-east-1"), ("access_key_id", KeyId), ("secret_access_key_env", "S"),
            ("role_arn", "arn:aws:iam::123456789012:role/reader"), ("duration", duration));

        Assert.Contains("'duration'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_WithoutRole_RoleRequired()
    {
        var errors = BackendTestKit.Errors("aws-sts", ("region", "us-east-1"), ("access_key_id", KeyId), ("secret_access_key_env", "S"));

        Assert.Contains("'role_arn' is required", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResignAsync_AgentRequestWithPlaceholderSignature_UpstreamVerifiesWithTemporaryCredentials()
    {
        await using var backend = Backend();
        var temporary = Parse(await backend.FetchAsync(string.Empty, CancellationToken.None));
        SigV4Verdict? verdict = null;
        string? seenToken = null;
        await using var upstream = await FakeHost.StartAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            verdict = FakeSigV4Verifier.Verify(context, buffer.ToArray(), _aws.FindKey, _kit.Time.GetUtcNow(), "eu-west-1", "lambda");
            seenToken = context.Request.Headers["X-Amz-Security-Token"];
            context.Response.StatusCode = verdict == SigV4Verdict.Valid ? 200 : 403;
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(upstream.BaseUri, "/2015-03-31/functions/my%3Afn/invocations?Qualifier=live"))
        {
            Content = new StringContent("""{"event":1}""", Encoding.UTF8, "application/json"),
        };
        // What an agent's SDK sends with the placeholder credentials it was given.
        request.Headers.TryAddWithoutValidation("Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDPLACEHOLDER/20261121/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
        request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", "placeholder");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20200101T000000Z");

        Assert.True(await AwsRequestResigner.ResignAsync(request, temporary, _kit.Time));
        using var client = new HttpClient();
        using var response = await client.SendAsync(request);

        Assert.Equal(SigV4Verdict.Valid, verdict);
        Assert.Equal(temporary.SessionToken, seenToken);
    }

    [Fact]
    public async Task ResignAsync_WrongTemporarySecret_UpstreamRejects()
    {
        await using var backend = Backend();
        var temporary = Parse(await backend.FetchAsync(string.Empty, CancellationToken.None));
        SigV4Verdict? verdict = null;
        await using var upstream = await FakeHost.StartAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            verdict = FakeSigV4Verifier.Verify(context, buffer.ToArray(), _aws.FindKey, _kit.Time.GetUtcNow(), "eu-west-1", "lambda");
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(upstream.BaseUri, "/x"));

        Assert.True(await AwsRequestResigner.ResignAsync(request, temporary with { SecretAccessKey = "forged" }, _kit.Time, "eu-west-1", "lambda"));
        using var client = new HttpClient();
        using var response = await client.SendAsync(request);

        Assert.Equal(SigV4Verdict.SignatureMismatch, verdict);
    }

    [Fact]
    public async Task ResignAsync_NoScopeAnywhere_FalseAndUntouched()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:1/x");

        Assert.False(await AwsRequestResigner.ResignAsync(request, new AwsCredentials("A", "B", "C"), _kit.Time));
        Assert.False(request.Headers.Contains("Authorization"));
    }

    [Fact]
    public async Task ResignAsync_AwsHost_ScopeFromHost()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://dynamodb.ap-southeast-2.amazonaws.com/");

        Assert.True(await AwsRequestResigner.ResignAsync(request, new AwsCredentials("ASIAX", "B", "C"), _kit.Time));
        Assert.Contains("/ap-southeast-2/dynamodb/aws4_request", request.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
    }
}
