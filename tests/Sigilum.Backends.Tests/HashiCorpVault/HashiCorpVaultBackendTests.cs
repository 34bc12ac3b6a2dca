using Sigilum.Backends.Resilience;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.HashiCorpVault;

public sealed class HashiCorpVaultBackendTests : IAsyncLifetime
{
    private readonly BackendTestKit _kit = new();
    private FakeHashiCorpVault _vault = null!;

    public async Task InitializeAsync() => _vault = await FakeHashiCorpVault.StartAsync(_kit.Time);

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    private ICredentialBackend TokenBackend(TimeSpan? ttl = null, bool renewable = true, params (string, string)[] extra)
    {
        _kit.Environment["VAULT_TOKEN"] = _vault.IssueToken(ttl ?? TimeSpan.FromHours(1), renewable);
        return _kit.Create("hashicorp-vault", [("vault_addr", _vault.BaseUri.ToString()), ("token_env", "VAULT_TOKEN"), .. extra]);
    }

    private ICredentialBackend AppRoleBackend(string secretId = "s3cret-id")
    {
        _vault.AddAppRole("role-1", "s3cret-id", TimeSpan.FromMinutes(10));
        _kit.Environment["SECRET_ID"] = secretId;
        return _kit.Create("hashicorp-vault",
            ("vault_addr", _vault.BaseUri.ToString()), ("auth_method", "approle"), ("role_id", "role-1"), ("secret_id_env", "SECRET_ID"));
    }

    [Fact]
    public async Task FetchAsync_Kv2WithField_ReturnsValueAndVersion()
    {
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = "sk-one", ["org"] = "o" });
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = "sk-two", ["org"] = "o" });
        await using var backend = TokenBackend();

        var result = await backend.FetchAsync("secret/data/openai#api_key", CancellationToken.None);

        Assert.Equal("2", result.Credential!.Metadata.Version);
        Assert.Equal("sk-two", BackendTestKit.Text(result));
    }

    [Fact]
    public async Task FetchAsync_Kv2WithVersion_ReturnsThatVersion()
    {
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = "sk-one" });
        _vault.PutKv2("secret", "openai", new() { ["api_key"] = "sk-two" });
        await using var backend = TokenBackend();

        var result = await backend.FetchAsync("secret/data/openai?version=1#api_key", CancellationToken.None);

        Assert.Equal("sk-one", BackendTestKit.Text(result));
    }

    [Fact]
    public async Task FetchAsync_Kv2DestroyedVersion_NotFound()
    {
        _vault.PutKv2("secret", "gone", new() { ["k"] = "v" });
        _vault.DestroyKv2Version("secret", "gone", 1);
        await using var backend = TokenBackend();

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/gone#k", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Fact]
    public async Task FetchAsync_Kv2SingleFieldWithoutSelector_ReturnsIt()
    {
        _vault.PutKv2("kv", "team/github", new() { ["token"] = "ghp_x" });
        await using var backend = TokenBackend();

        Assert.Equal("ghp_x", BackendTestKit.Text(await backend.FetchAsync("kv/data/team/github", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_SeveralFieldsWithoutSelector_NotFoundNamingTheSelector()
    {
        _vault.PutKv2("secret", "db", new() { ["user"] = "u", ["password"] = "p" });
        await using var backend = TokenBackend();

        var error = BackendTestKit.Failure(await backend.FetchAsync("secret/data/db", CancellationToken.None), BackendErrorKind.NotFound);
        Assert.Contains("#field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_MissingField_NotFound()
    {
        _vault.PutKv2("secret", "db", new() { ["user"] = "u" });
        await using var backend = TokenBackend();

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/db#password", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Fact]
    public async Task FetchAsync_Kv1_ReturnsValue()
    {
        _vault.PutKv1("legacy", "stripe", new() { ["key"] = "sk_live_1" });
        await using var backend = TokenBackend();

        Assert.Equal("sk_live_1", BackendTestKit.Text(await backend.FetchAsync("legacy/stripe#key", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_UnknownPath_NotFound()
    {
        await using var backend = TokenBackend();

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/nothing#x", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Theory]
    [InlineData("secret/../sys/raw#x")]
    [InlineData("/secret/data/x")]
    [InlineData("secret/data/x?list=true")]
    [InlineData("secret/x?version=1")]
    [InlineData("secret/data/x#")]
    [InlineData("secret/data/x?")]
    [InlineData("secret//x")]
    public async Task FetchAsync_BadReference_NotFoundWithoutRequest(string reference)
    {
        await using var backend = TokenBackend();

        BackendTestKit.Failure(await backend.FetchAsync(reference, CancellationToken.None), BackendErrorKind.NotFound);
        Assert.Empty(_vault.Host.Requests);
    }

    [Fact]
    public async Task BKD_06_OwnTokenRevoked_Unauthorized()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        _kit.Environment["VAULT_TOKEN"] = "hvs.not-a-token";
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", _vault.BaseUri.ToString()), ("token_env", "VAULT_TOKEN"));

        var error = BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Equal("BACKEND_AUTH_FAILED", error.Code);
    }

    [Fact]
    public async Task FetchAsync_TokenVariableUnset_Misconfigured()
    {
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", _vault.BaseUri.ToString()), ("token_env", "NOT_SET"));

        var error = BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Misconfigured);
        Assert.Contains("NOT_SET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ExpiredNonRenewableToken_Unauthorized()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend(TimeSpan.FromMinutes(1), renewable: false);
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));

        _kit.Time.Advance(TimeSpan.FromMinutes(2));

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unauthorized);
    }

    [Fact]
    public async Task FetchAsync_TokenPastTwoThirdsOfTtl_RenewsSelfAndKeepsWorking()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend(TimeSpan.FromMinutes(1));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));

        for (var i = 0; i < 3; i++)
        {
            _kit.Time.Advance(TimeSpan.FromSeconds(45));
            Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
        }

        Assert.Equal(3, _vault.Renewals);
        Assert.Contains("POST /v1/auth/token/renew-self", _vault.Host.Requests);
    }

    [Fact]
    public async Task FetchAsync_AppRole_LogsInOnceAndFetches()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = AppRoleBackend();

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));

        Assert.Equal(1, _vault.Logins);
    }

    [Fact]
    public async Task FetchAsync_AppRoleWrongSecretId_Unauthorized()
    {
        await using var backend = AppRoleBackend(secretId: "wrong");

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Equal(0, _vault.Logins);
    }

    [Fact]
    public async Task BKD_06_AppRoleTokenRevokedBehindOurBack_LogsInAgain()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = AppRoleBackend();
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
        foreach (var request in _vault.Host.Requests)
        {
            Assert.DoesNotContain("s3cret-id", request, StringComparison.Ordinal);
        }

        var login = _vault.Logins;
        _vault.RevokeAllTokens();

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
        Assert.Equal(login + 1, _vault.Logins);
    }

    [Fact]
    public async Task FetchAsync_AppRoleTokenExpired_LogsInAgain()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = AppRoleBackend();
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));

        _kit.Time.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
        Assert.Equal(2, _vault.Logins);
    }

    [Fact]
    public async Task FetchAsync_KubernetesServiceAccountFile_LogsIn()
    {
        using var dir = new TempDirectory();
        var jwtFile = Path.Combine(dir.Path, "token");
        await File.WriteAllTextAsync(jwtFile, "eyJ.k8s.sa\n");
        _vault.AddJwtRole("kubernetes", "agent-proxy", "eyJ.k8s.sa", TimeSpan.FromMinutes(10));
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = _kit.Create("hashicorp-vault",
            ("vault_addr", _vault.BaseUri.ToString()), ("auth_method", "kubernetes"), ("role", "agent-proxy"), ("jwt_file", jwtFile));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
        Assert.Contains("POST /v1/auth/kubernetes/login", _vault.Host.Requests);
    }

    [Fact]
    public async Task FetchAsync_JwtRejected_Unauthorized()
    {
        _vault.AddJwtRole("oidc", "ci", "eyJ.right", TimeSpan.FromMinutes(10));
        _kit.Environment["CI_JWT"] = "eyJ.wrong";
        await using var backend = _kit.Create("hashicorp-vault",
            ("vault_addr", _vault.BaseUri.ToString()), ("auth_method", "jwt"), ("auth_mount", "oidc"), ("role", "ci"), ("jwt_env", "CI_JWT"));

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unauthorized);
    }

    [Fact]
    public async Task FetchAsync_DynamicSecret_CarriesLeaseAndTtl()
    {
        _vault.AddDynamicRole("database", "readonly", () => new() { ["username"] = "v-user", ["password"] = "p-1" }, TimeSpan.FromMinutes(30));
        await using var backend = TokenBackend();

        var result = await backend.FetchAsync("database/creds/readonly#password", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        var metadata = result.Credential!.Metadata;
        Assert.Equal(TimeSpan.FromMinutes(30), metadata.Ttl);
        Assert.StartsWith("database/creds/readonly/", metadata.LeaseId, StringComparison.Ordinal);
        Assert.True(metadata.Cacheable);
        Assert.Equal("p-1", BackendTestKit.Text(result));
    }

    [Fact]
    public async Task FetchAsync_DynamicSecretWithinLease_ServedFromCache()
    {
        var made = 0;
        _vault.AddDynamicRole("database", "readonly", () => new() { ["password"] = "p-" + ++made }, TimeSpan.FromMinutes(30));
        await using var backend = TokenBackend();

        Assert.Equal("p-1", BackendTestKit.Text(await backend.FetchAsync("database/creds/readonly", CancellationToken.None)));
        _kit.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("p-1", BackendTestKit.Text(await backend.FetchAsync("database/creds/readonly", CancellationToken.None)));
        _kit.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("p-2", BackendTestKit.Text(await backend.FetchAsync("database/creds/readonly", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_RevokeAfterUse_RevokesLeaseWhenCredentialDisposed()
    {
        _vault.AddDynamicRole("aws", "deploy", () => new() { ["secret_key"] = "sk" }, TimeSpan.FromMinutes(15));
        await using var backend = TokenBackend(extra: ("revoke_after_use", "true"));

        var result = await backend.FetchAsync("aws/creds/deploy#secret_key", CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.False(result.Credential!.Metadata.Cacheable);
        Assert.Empty(_vault.RevokedLeases);

        result.Credential.Dispose();
        await ((HashiCorpVaultBackend)((ResilientBackend)backend).Inner).PendingRevocations;

        Assert.Equal([result.Credential.Metadata.LeaseId!], _vault.RevokedLeases);
    }

    [Fact]
    public async Task FetchAsync_Namespace_SentAsHeader()
    {
        _vault.RequiredNamespace = "team-a";
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend(extra: ("namespace", "team-a"));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_WrongNamespace_Unauthorized()
    {
        _vault.RequiredNamespace = "team-a";
        await using var backend = TokenBackend(extra: ("namespace", "team-b"));

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unauthorized);
    }

    [Fact]
    public async Task FetchAsync_Throttled_BacksOffWithoutCallingVaultAgain()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend();
        Assert.True((await backend.FetchAsync("secret/data/x#k", CancellationToken.None)).IsSuccess);
        _vault.Host.Enqueue(429, """{"errors":["rate limit quota exceeded"]}""", headers: new Dictionary<string, string> { ["Retry-After"] = "7" });

        var first = BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Throttled);
        var seen = _vault.Host.Requests.Count;
        var second = BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Throttled);

        Assert.Equal(TimeSpan.FromSeconds(7), first.RetryAfter);
        Assert.Equal(seen, _vault.Host.Requests.Count);
        Assert.Equal("BACKEND_THROTTLED", second.Code);
        _kit.Time.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(473)]
    public async Task BKD_02_SealedStandbyOrFailing_Unavailable(int status)
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend();
        Assert.True((await backend.FetchAsync("secret/data/x#k", CancellationToken.None)).IsSuccess);
        _vault.Host.Enqueue(status, """{"errors":["Vault is sealed"]}""");

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unavailable);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"data":"x"}""")]
    [InlineData("""{"data":{"data":["a"],"metadata":{"version":1}}}""")]
    [InlineData("[]")]
    public async Task BKD_04_MalformedAnswer_Malformed(string body)
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend();
        Assert.True((await backend.FetchAsync("secret/data/x#k", CancellationToken.None)).IsSuccess);
        _vault.Host.Enqueue(200, body);

        var error = BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Malformed);
        Assert.Equal("BACKEND_MALFORMED_RESPONSE", error.Code);
    }

    [Fact]
    public async Task BKD_04_AnswerOverOneMiB_MalformedWithoutReadingItAll()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend();
        Assert.True((await backend.FetchAsync("secret/data/x#k", CancellationToken.None)).IsSuccess);
        _vault.Host.Enqueue(200, "{\"data\":{\"data\":{\"k\":\"" + new string('a', 2 * 1024 * 1024) + "\"}}}");

        var error = BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Malformed);
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BKD_08_WrongVersionAnswered_Malformed()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend();
        Assert.True((await backend.FetchAsync("secret/data/x#k", CancellationToken.None)).IsSuccess);
        _vault.Host.Enqueue(200, """{"data":{"data":{"k":"other"},"metadata":{"version":9}}}""");

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x?version=1#k", CancellationToken.None), BackendErrorKind.Malformed);
    }

    [Fact]
    public async Task BKD_01_VaultNeverAnswersAndCallerGivesUp_Timeout()
    {
        _vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        await using var backend = TokenBackend();
        Assert.True((await backend.FetchAsync("secret/data/x#k", CancellationToken.None)).IsSuccess);
        _vault.Host.Hang = true;
        using var deadline = new CancellationTokenSource();
        var arrived = _vault.Host.NextRequestAsync();

        var fetch = backend.FetchAsync("secret/data/x#k", deadline.Token);
        await arrived;
        await deadline.CancelAsync();

        var error = BackendTestKit.Failure(await fetch, BackendErrorKind.Timeout);
        Assert.Equal("BACKEND_TIMEOUT", error.Code);
    }

    [Fact]
    public async Task TestAsync_ValidToken_Null()
    {
        await using var backend = TokenBackend();

        Assert.Null(await backend.TestAsync(CancellationToken.None));
        Assert.DoesNotContain(_vault.Host.Requests, r => r.Contains("/data/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestAsync_WrongAppRole_Unauthorized()
    {
        await using var backend = AppRoleBackend(secretId: "nope");

        Assert.Equal(BackendErrorKind.Unauthorized, (await backend.TestAsync(CancellationToken.None))?.Kind);
    }

    [Fact]
    public async Task BKD_09_Unreachable_Unavailable()
    {
        var address = _vault.BaseUri.ToString();
        await _vault.DisposeAsync();
        _kit.Environment["VAULT_TOKEN"] = "hvs.x";
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", address), ("token_env", "VAULT_TOKEN"));

        Assert.Equal(BackendErrorKind.Unavailable, (await backend.TestAsync(CancellationToken.None))?.Kind);
    }
}
