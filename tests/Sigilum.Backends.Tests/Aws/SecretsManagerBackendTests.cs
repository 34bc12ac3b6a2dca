using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Aws;

public sealed class SecretsManagerBackendTests : IAsyncLifetime
{
    private const string KeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly BackendTestKit _kit = new();
    private FakeTimeProvider _awsClock = null!;
    private FakeAws _aws = null!;

    public async Task InitializeAsync()
    {
        _awsClock = new FakeTimeProvider(_kit.Time.GetUtcNow());
        _aws = await FakeAws.StartAsync(_awsClock);
        _aws.AddUser("sigilum", KeyId, SecretKey);
        _kit.Environment["AWS_SECRET"] = SecretKey;
    }

    public async Task DisposeAsync() => await _aws.DisposeAsync();

    private ICredentialBackend Backend(params (string, string)[] extra) => _kit.Create("aws-secrets-manager",
    [
        ("region", "us-east-1"), ("endpoint", _aws.BaseUri.ToString()), ("sts_endpoint", _aws.BaseUri.ToString()),
        .. extra.Any(e => e.Item1 == "auth") ? extra : [("access_key_id", KeyId), ("secret_access_key_env", "AWS_SECRET"), .. extra],
    ]);

    [Fact]
    public async Task FetchAsync_SecretString_ReturnsItWithVersionId()
    {
        var version = _aws.PutSecretString("prod/openai", "sk-live-1");
        await using var backend = Backend();

        var result = await backend.FetchAsync("prod/openai", CancellationToken.None);

        Assert.Equal(version, result.Credential?.Metadata.Version);
        Assert.Equal("sk-live-1", BackendTestKit.Text(result));
        Assert.Equal([$"arn:aws:iam::{FakeAws.AccountId}:user/sigilum"], _aws.SecretReaders);
    }

    [Fact]
    public async Task FetchAsync_JsonField_ReturnsTheField()
    {
        _aws.PutSecretString("prod/db", """{"username":"app","password":"p\"w\u00e9"}""");
        await using var backend = Backend();

        Assert.Equal("p\"wé", BackendTestKit.Text(await backend.FetchAsync("prod/db#password", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_MissingField_NotFound()
    {
        _aws.PutSecretString("prod/db", """{"username":"app"}""");
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("prod/db#password", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Fact]
    public async Task FetchAsync_FieldOfPlainString_NotFound()
    {
        _aws.PutSecretString("prod/plain", "not-json");
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("prod/plain#key", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Fact]
    public async Task FetchAsync_VersionStagePrevious_ReturnsOlderValue()
    {
        _aws.PutSecretString("rotating", "old");
        _aws.PutSecretString("rotating", "new");
        await using var backend = Backend();

        Assert.Equal("old", BackendTestKit.Text(await backend.FetchAsync("rotating?version_stage=AWSPREVIOUS", CancellationToken.None)));
        Assert.Equal("new", BackendTestKit.Text(await backend.FetchAsync("rotating", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_VersionId_ReturnsThatVersion()
    {
        var first = _aws.PutSecretString("rotating", "old");
        _aws.PutSecretString("rotating", "new");
        await using var backend = Backend();

        Assert.Equal("old", BackendTestKit.Text(await backend.FetchAsync($"rotating?version_id={first}", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_ByArn_Returns()
    {
        _aws.PutSecretString("prod/openai", "sk");
        await using var backend = Backend();

        Assert.Equal("sk", BackendTestKit.Text(await backend.FetchAsync($"arn:aws:secretsmanager:us-east-1:{FakeAws.AccountId}:secret:prod/openai-AbCdEf", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_SecretBinary_ReturnsDecodedBytes()
    {
        _aws.PutSecretBinary("cert-key", [0, 1, 2, 250]);
        await using var backend = Backend();

        var result = await backend.FetchAsync("cert-key", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        using var credential = result.Credential!;
        Assert.Equal(new byte[] { 0, 1, 2, 250 }, credential.Value.ToArray());
    }

    [Fact]
    public async Task FetchAsync_UnknownSecret_NotFound()
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("nope", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("x?stage=1")]
    [InlineData("x#")]
    [InlineData("x?")]
    [InlineData("")]
    public async Task FetchAsync_BadReference_NotFoundWithoutRequest(string reference)
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync(reference, CancellationToken.None), BackendErrorKind.NotFound);
        Assert.Empty(_aws.Host.Requests);
    }

    [Fact]
    public async Task FetchAsync_WrongSecretKey_Unauthorized()
    {
        _aws.PutSecretString("s", "v");
        _kit.Environment["AWS_SECRET"] = "wrong" + SecretKey;
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Empty(_aws.SecretReaders);
    }

    [Fact]
    public async Task FetchAsync_UnknownAccessKey_Unauthorized()
    {
        _aws.PutSecretString("s", "v");
        await using var backend = _kit.Create("aws-secrets-manager",
            ("region", "us-east-1"), ("endpoint", _aws.BaseUri.ToString()), ("access_key_id", "AKIAUNKNOWNUNKNOWN00"), ("secret_access_key_env", "AWS_SECRET"));

        var error = BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Contains("UnrecognizedClientException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ClockSkewOverFiveMinutes_Unauthorized()
    {
        _aws.PutSecretString("s", "v");
        _awsClock.Advance(TimeSpan.FromMinutes(6));
        await using var backend = Backend();

        var error = BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Contains("InvalidSignatureException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ClockSkewUnderFiveMinutes_Accepted()
    {
        _aws.PutSecretString("s", "v");
        _awsClock.Advance(TimeSpan.FromMinutes(4));
        await using var backend = Backend();

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_ThrottlingException_ThrottledThenBacksOff()
    {
        _aws.PutSecretString("s", "v");
        _aws.ThrottleNext(1);
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Throttled);
        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Throttled);

        Assert.Single(_aws.Host.Requests);
        _kit.Time.Advance(TimeSpan.FromSeconds(1));
        _awsClock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_NeverAnswers_TimeoutWhenCallerGivesUp()
    {
        await using var backend = Backend();
        _aws.Host.Hang = true;
        using var deadline = new CancellationTokenSource();
        var arrived = _aws.Host.NextRequestAsync();

        var fetch = backend.FetchAsync("s", deadline.Token);
        await arrived;
        await deadline.CancelAsync();

        BackendTestKit.Failure(await fetch, BackendErrorKind.Timeout);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Name":"s","VersionId":"1"}""")]
    [InlineData("""{"Name":"other","VersionId":"1","SecretString":"x"}""")]
    [InlineData("""{"Name":"s","SecretBinary":"***"}""")]
    [InlineData("""{"Name":"s","SecretString":""}""")]
    public async Task FetchAsync_MalformedAnswer_Malformed(string body)
    {
        await using var backend = Backend();
        _aws.Host.Enqueue(200, body);

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Malformed);
    }

    [Fact]
    public async Task FetchAsync_ServerError_Unavailable()
    {
        await using var backend = Backend();
        _aws.Host.Enqueue(500, """{"__type":"InternalServiceError"}""");

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Unavailable);
    }

    [Fact]
    public async Task FetchAsync_ProfileFile_SignsWithProfileKeys()
    {
        _aws.PutSecretString("s", "v");
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "credentials");
        await File.WriteAllTextAsync(file, $"[default]\naws_access_key_id = AKIAOTHEROTHER000000\naws_secret_access_key = x\n\n[sigilum]\naws_access_key_id = {KeyId}\naws_secret_access_key = {SecretKey}\n");
        await using var backend = Backend(("auth", "profile"), ("profile", "sigilum"), ("credentials_file", file));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_ProfileMissing_Misconfigured()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "credentials");
        await File.WriteAllTextAsync(file, "[default]\naws_access_key_id = AKIAOTHEROTHER000000\naws_secret_access_key = x\n");
        await using var backend = Backend(("auth", "profile"), ("profile", "nope"), ("credentials_file", file));

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Misconfigured);
    }

    [Fact]
    public async Task FetchAsync_RoleArn_ReadsAsAssumedRoleAndReusesTheSession()
    {
        _aws.PutSecretString("s", "v");
        var role = _aws.AddRole("secrets-reader");
        await using var backend = Backend(("role_arn", role), ("role_session_name", "sigilum-proxy"));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));

        Assert.Equal(1, _aws.AssumeRoleCalls);
        Assert.All(_aws.SecretReaders, p => Assert.Equal($"arn:aws:iam::{FakeAws.AccountId}:assumed-role/secrets-reader/sigilum-proxy", p));
    }

    [Fact]
    public async Task BKD_05_AssumedSessionNearExpiry_AssumesAgain()
    {
        _aws.PutSecretString("s", "v");
        var role = _aws.AddRole("secrets-reader");
        await using var backend = Backend(("role_arn", role), ("duration", "900"));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));

        _kit.Time.Advance(TimeSpan.FromMinutes(11));
        _awsClock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
        Assert.Equal(2, _aws.AssumeRoleCalls);
    }

    [Fact]
    public async Task FetchAsync_AssumedSessionRefused_AssumesAgainNextTime()
    {
        _aws.PutSecretString("s", "v");
        var role = _aws.AddRole("secrets-reader");
        await using var backend = Backend(("role_arn", role));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
        _aws.Host.Enqueue(400, """{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}""");

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Unauthorized);

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
        Assert.Equal(2, _aws.AssumeRoleCalls);
    }

    [Fact]
    public async Task FetchAsync_WebIdentity_ExchangesTokenThenReads()
    {
        _aws.PutSecretString("s", "v");
        var role = _aws.AddRole("k8s-reader");
        _aws.AllowWebIdentity(role, "eyJ.oidc.token");
        _kit.Environment["OIDC"] = "eyJ.oidc.token";
        await using var backend = Backend(("auth", "web_identity"), ("web_identity_token_env", "OIDC"), ("role_arn", role));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("s", CancellationToken.None)));
    }

    [Fact]
    public async Task TestAsync_ValidKeys_NullWithoutReadingSecrets()
    {
        _aws.PutSecretString("s", "v");
        await using var backend = Backend();

        Assert.Null(await backend.TestAsync(CancellationToken.None));
        Assert.Empty(_aws.SecretReaders);
    }

    [Fact]
    public async Task TestAsync_WrongKey_Unauthorized()
    {
        _kit.Environment["AWS_SECRET"] = "nope";
        await using var backend = Backend();

        Assert.Equal(BackendErrorKind.Unauthorized, (await backend.TestAsync(CancellationToken.None))?.Kind);
    }

    [Theory]
    [InlineData("region", "mars-1")]
    [InlineData("auth", "magic")]
    [InlineData("access_key_id", "lower-case")]
    [InlineData("role_arn", "arn:aws:iam::1:user/x")]
    [InlineData("duration", "60")]
    [InlineData("endpoint", "http://secretsmanager.example.com")]
    [InlineData("role_session_name", "x")]
    public void Create_BadOption_NamesIt(string option, string value)
    {
        var options = new Dictionary<string, string>
        {
            ["region"] = "us-east-1", ["access_key_id"] = KeyId, ["secret_access_key_env"] = "AWS_SECRET", [option] = value,
        };

        var errors = BackendTestKit.Errors("aws-secrets-manager", [.. options.Select(o => (o.Key, o.Value))]);

        Assert.Contains(errors, e => e.Contains($"'{option}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_StaticWithoutKeys_OneErrorPerMissingOption()
    {
        var errors = BackendTestKit.Errors("aws-secrets-manager", ("region", "eu-west-1"));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("'access_key_id'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'secret_access_key_env'", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_WebIdentityWithoutRole_RoleRequired()
    {
        var errors = BackendTestKit.Errors("aws-secrets-manager", ("region", "eu-west-1"), ("auth", "web_identity"), ("web_identity_token_file", "/t"));

        Assert.Contains("'role_arn' is required", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_SigningMaterialNeverInErrors()
    {
        _kit.Environment["AWS_SECRET"] = "wrong-secret-value-123";
        await using var backend = Backend();

        var error = BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Unauthorized);

        Assert.DoesNotContain("wrong-secret-value-123", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Signature=", error.Message, StringComparison.Ordinal);
    }
}
