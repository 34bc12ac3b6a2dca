using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Azure;

public sealed class AzureKeyVaultBackendTests : IAsyncLifetime
{
    private const string ClientId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    private readonly BackendTestKit _kit = new();
    private FakeAzureKeyVault _vault = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeAzureKeyVault.StartAsync(_kit.Time);
        _vault.AddClient(ClientId, "client-secret-1");
        _kit.Environment["AZ_SECRET"] = "client-secret-1";
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    private ICredentialBackend Backend(params (string, string)[] extra) => _kit.Create("azure-key-vault",
    [
        ("vault_url", _vault.VaultUri.ToString()), ("authority", _vault.Authority.ToString()),
        .. extra.Any(e => e.Item1 == "auth") ? extra : [("tenant_id", FakeAzureKeyVault.Tenant), ("client_id", ClientId), ("client_secret_env", "AZ_SECRET"), .. extra],
    ]);

    [Fact]
    public async Task FetchAsync_ChallengeThenClientCredentials_ReturnsLatestVersion()
    {
        _vault.SetSecret("openai-key", "sk-old");
        var version = _vault.SetSecret("openai-key", "sk-new");
        await using var backend = Backend();

        var result = await backend.FetchAsync("openai-key", CancellationToken.None);

        Assert.Equal(version, result.Credential?.Metadata.Version);
        Assert.Equal("sk-new", BackendTestKit.Text(result));
        // Unauthenticated call, token, authenticated call.
        Assert.Equal(3, _vault.Host.Requests.Count);
        Assert.Contains($"POST /{FakeAzureKeyVault.Tenant}/oauth2/v2.0/token", _vault.Host.Requests);
    }

    [Fact]
    public async Task FetchAsync_SecondFetch_ReusesTokenWithoutChallenge()
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None));

        BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None));

        Assert.Equal(4, _vault.Host.Requests.Count);
        Assert.Equal(1, _vault.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_SpecificVersion_ReturnsIt()
    {
        var old = _vault.SetSecret("k", "v1");
        _vault.SetSecret("k", "v2");
        await using var backend = Backend();

        Assert.Equal("v1", BackendTestKit.Text(await backend.FetchAsync($"k/{old}", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_ManagedIdentity_TokenFromImds()
    {
        _vault.ManagedIdentityEnabled = true;
        _vault.SetSecret("k", "v");
        await using var backend = Backend(("auth", "managed_identity"), ("imds_endpoint", _vault.ImdsEndpoint.ToString()));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None)));
        Assert.Contains(_vault.Host.Requests, r => r.StartsWith("GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FetchAsync_ManagedIdentityUnavailable_Unauthorized()
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend(("auth", "managed_identity"), ("imds_endpoint", _vault.ImdsEndpoint.ToString()));

        BackendTestKit.Failure(await backend.FetchAsync("k", CancellationToken.None), BackendErrorKind.Unauthorized);
    }

    [Fact]
    public async Task FetchAsync_WrongClientSecret_Unauthorized()
    {
        _kit.Environment["AZ_SECRET"] = "wrong";
        _vault.SetSecret("k", "v");
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("k", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Equal(0, _vault.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_TokenExpired_GetsANewOne()
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None));

        _kit.Time.Advance(TimeSpan.FromMinutes(56));

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None)));
        Assert.Equal(2, _vault.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_TokenRevokedAtVault_ReplacedOnce()
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None));
        _vault.RevokeAllTokens();

        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None)));
        Assert.Equal(2, _vault.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_ChallengeForForeignResource_UnauthorizedWithoutTokenRequest()
    {
        _vault.ChallengeResource = "https://management.azure.com";
        await using var backend = Backend();

        var error = BackendTestKit.Failure(await backend.FetchAsync("k", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Contains("challenge", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _vault.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_UnknownSecret_NotFound()
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("nope", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Theory]
    [InlineData("has_underscore")]
    [InlineData("k/notaversion")]
    [InlineData("../k")]
    public async Task FetchAsync_BadReference_NotFoundWithoutRequest(string reference)
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync(reference, CancellationToken.None), BackendErrorKind.NotFound);
        Assert.Empty(_vault.Host.Requests);
    }

    [Fact]
    public async Task BKD_03_AzureThrottled429_ThrottledWithRetryAfterThenBacksOff()
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None));
        _vault.Host.Enqueue(429, """{"error":{"code":"Throttled"}}""", headers: new Dictionary<string, string> { ["Retry-After"] = "10" });

        var error = BackendTestKit.Failure(await backend.FetchAsync("k", CancellationToken.None), BackendErrorKind.Throttled);
        var seen = _vault.Host.Requests.Count;
        BackendTestKit.Failure(await backend.FetchAsync("k", CancellationToken.None), BackendErrorKind.Throttled);

        Assert.Equal(TimeSpan.FromSeconds(10), error.RetryAfter);
        Assert.Equal(seen, _vault.Host.Requests.Count);
    }

    [Theory]
    [InlineData("""{"id":"x"}""")]
    [InlineData("""{"value":"v","id":"https://other/secrets/other/0123456789abcdef0123456789abcdef"}""")]
    [InlineData("nope")]
    public async Task FetchAsync_MalformedAnswer_Malformed(string body)
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("k", CancellationToken.None));
        _vault.Host.Enqueue(200, body);

        BackendTestKit.Failure(await backend.FetchAsync("k", CancellationToken.None), BackendErrorKind.Malformed);
    }

    [Fact]
    public async Task FetchAsync_NeverAnswers_TimeoutWhenCallerGivesUp()
    {
        await using var backend = Backend();
        _vault.Host.Hang = true;
        using var deadline = new CancellationTokenSource();
        var arrived = _vault.Host.NextRequestAsync();

        var fetch = backend.FetchAsync("k", deadline.Token);
        await arrived;
        await deadline.CancelAsync();

        BackendTestKit.Failure(await fetch, BackendErrorKind.Timeout);
    }

    [Fact]
    public async Task TestAsync_ValidClient_NullAndNoSecretRead()
    {
        _vault.SetSecret("k", "v");
        await using var backend = Backend();

        Assert.Null(await backend.TestAsync(CancellationToken.None));
        Assert.DoesNotContain(_vault.Host.Requests, r => r.StartsWith("GET /secrets/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestAsync_WrongSecret_Unauthorized()
    {
        _kit.Environment["AZ_SECRET"] = "wrong";
        await using var backend = Backend();

        Assert.Equal(BackendErrorKind.Unauthorized, (await backend.TestAsync(CancellationToken.None))?.Kind);
    }

    [Fact]
    public void Create_ClientSecretWithoutIds_OneErrorPerOption()
    {
        var errors = BackendTestKit.Errors("azure-key-vault", ("vault_url", "https://v.vault.azure.net"));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("'tenant_id'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'client_id'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'client_secret_env'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("vault_url", "http://v.vault.azure.net")]
    [InlineData("auth", "password")]
    [InlineData("tenant_id", "a/b")]
    [InlineData("api_version", "7.4&x=1")]
    public void Create_BadOption_NamesIt(string option, string value)
    {
        var options = new Dictionary<string, string>
        {
            ["vault_url"] = "https://v.vault.azure.net", ["tenant_id"] = "t", ["client_id"] = "c", ["client_secret_env"] = "S", [option] = value,
        };

        Assert.Contains(BackendTestKit.Errors("azure-key-vault", [.. options.Select(o => (o.Key, o.Value))]), e => e.Contains($"'{option}'", StringComparison.Ordinal));
    }
}
