using System.Text;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Gcp;

public sealed class GcpSecretManagerBackendTests : IAsyncLifetime
{
    private readonly BackendTestKit _kit = new();
    private FakeGcpSecretManager _gcp = null!;

    public async Task InitializeAsync()
    {
        _gcp = await FakeGcpSecretManager.StartAsync(_kit.Time);
        _kit.Environment["GCP_KEY"] = _gcp.ServiceAccountJson();
    }

    public async Task DisposeAsync() => await _gcp.DisposeAsync();

    private ICredentialBackend Backend(params (string, string)[] extra) => _kit.Create("gcp-secret-manager",
        [("project", FakeGcpSecretManager.Project), ("endpoint", _gcp.BaseUri.ToString()), ("credentials_env", "GCP_KEY"), .. extra]);

    [Fact]
    public async Task FetchAsync_Latest_ReturnsPayloadAndVersion()
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-2"));
        await using var backend = Backend();

        var result = await backend.FetchAsync("openai", CancellationToken.None);

        Assert.Equal("2", result.Credential?.Metadata.Version);
        Assert.Equal("sk-2", BackendTestKit.Text(result));
        Assert.Equal(1, _gcp.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_PinnedVersionAndFullName_ReturnsThatVersion()
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-2"));
        await using var backend = Backend();

        Assert.Equal("sk-1", BackendTestKit.Text(await backend.FetchAsync("openai/versions/1", CancellationToken.None)));
        Assert.Equal("sk-1", BackendTestKit.Text(await backend.FetchAsync($"projects/{FakeGcpSecretManager.Project}/secrets/openai/versions/1", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_BinaryPayload_ExactBytes()
    {
        byte[] data = [0, 255, 10, 13];
        _gcp.AddVersion("blob", data);
        await using var backend = Backend();

        var result = await backend.FetchAsync("blob", CancellationToken.None);

        Assert.True(result.IsSuccess, result.Error?.Message);
        using var credential = result.Credential!;
        Assert.Equal(data, credential.Value.ToArray());
    }

    [Fact]
    public async Task FetchAsync_ChecksumMismatch_MalformedAndValueDiscarded()
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        _gcp.CorruptNextChecksum = true;
        await using var backend = Backend();

        var error = BackendTestKit.Failure(await backend.FetchAsync("openai", CancellationToken.None), BackendErrorKind.Malformed);

        Assert.Equal("BACKEND_CHECKSUM_MISMATCH", error.Code);
    }

    [Fact]
    public async Task FetchAsync_MissingChecksum_Malformed()
    {
        await using var backend = Backend();
        Assert.Null(await backend.TestAsync(CancellationToken.None));
        _gcp.Host.Enqueue(200, """{"name":"projects/1/secrets/s/versions/1","payload":{"data":"eA=="}}""");

        BackendTestKit.Failure(await backend.FetchAsync("s", CancellationToken.None), BackendErrorKind.Malformed);
    }

    [Fact]
    public async Task FetchAsync_KeySignedByAnotherKey_Unauthorized()
    {
        _kit.Environment["GCP_KEY"] = _gcp.ServiceAccountJson(otherKey: true);
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("openai", CancellationToken.None), BackendErrorKind.Unauthorized);
        Assert.Equal(0, _gcp.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_AccessTokenExpiredAtServer_UnauthorizedThenNewTokenNextTime()
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("openai", CancellationToken.None));
        _gcp.ExpireAllTokens();

        BackendTestKit.Failure(await backend.FetchAsync("openai", CancellationToken.None), BackendErrorKind.Unauthorized);

        Assert.Equal("sk-1", BackendTestKit.Text(await backend.FetchAsync("openai", CancellationToken.None)));
        Assert.Equal(2, _gcp.TokensIssued);
    }

    [Fact]
    public async Task FetchAsync_TokenNearExpiry_Refreshed()
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("openai", CancellationToken.None));

        _kit.Time.Advance(TimeSpan.FromMinutes(56));

        Assert.Equal("sk-1", BackendTestKit.Text(await backend.FetchAsync("openai", CancellationToken.None)));
        Assert.Equal(2, _gcp.TokensIssued);
    }

    [Fact]
    public async Task BKD_08_OtherProject_Unauthorized()
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("projects/someone-else/secrets/x/versions/1", CancellationToken.None), BackendErrorKind.Unauthorized);
    }

    [Fact]
    public async Task FetchAsync_UnknownSecret_NotFound()
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync("nope", CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Fact]
    public async Task BKD_03_GcpThrottled429_Throttled()
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("openai", CancellationToken.None));
        _gcp.Host.Enqueue(429, """{"error":{"code":429,"status":"RESOURCE_EXHAUSTED"}}""");

        BackendTestKit.Failure(await backend.FetchAsync("openai", CancellationToken.None), BackendErrorKind.Throttled);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"name":"projects/1/secrets/openai/versions/1"}""")]
    [InlineData("""{"name":"projects/1/secrets/other/versions/1","payload":{"data":"eA==","dataCrc32c":"1"}}""")]
    [InlineData("""{"name":"projects/1/secrets/openai/versions/1","payload":{"data":"***","dataCrc32c":"1"}}""")]
    public async Task FetchAsync_MalformedAnswer_Malformed(string body)
    {
        _gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-1"));
        await using var backend = Backend();
        BackendTestKit.Text(await backend.FetchAsync("openai", CancellationToken.None));
        _gcp.Host.Enqueue(200, body);

        BackendTestKit.Failure(await backend.FetchAsync("openai", CancellationToken.None), BackendErrorKind.Malformed);
    }

    [Fact]
    public async Task FetchAsync_NeverAnswers_TimeoutWhenCallerGivesUp()
    {
        await using var backend = Backend();
        _gcp.Host.Hang = true;
        using var deadline = new CancellationTokenSource();
        var arrived = _gcp.Host.NextRequestAsync();

        var fetch = backend.FetchAsync("openai", deadline.Token);
        await arrived;
        await deadline.CancelAsync();

        BackendTestKit.Failure(await fetch, BackendErrorKind.Timeout);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("openai/versions/")]
    [InlineData("../x")]
    public async Task FetchAsync_BadReference_NotFoundWithoutRequest(string reference)
    {
        await using var backend = Backend();

        BackendTestKit.Failure(await backend.FetchAsync(reference, CancellationToken.None), BackendErrorKind.NotFound);
        Assert.Empty(_gcp.Host.Requests);
    }

    [Fact]
    public async Task FetchAsync_KeyFileNotServiceAccount_Misconfigured()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "key.json");
        await File.WriteAllTextAsync(file, """{"type":"authorized_user"}""");
        await using var backend = _kit.Create("gcp-secret-manager", ("project", FakeGcpSecretManager.Project), ("endpoint", _gcp.BaseUri.ToString()), ("credentials_file", file));

        BackendTestKit.Failure(await backend.FetchAsync("openai", CancellationToken.None), BackendErrorKind.Misconfigured);
    }

    [Fact]
    public async Task TestAsync_ValidKey_NullWithoutReadingSecrets()
    {
        await using var backend = Backend();

        Assert.Null(await backend.TestAsync(CancellationToken.None));
        Assert.DoesNotContain(_gcp.Host.Requests, r => r.Contains(":access", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_WithoutCredentials_NamesTheOption()
    {
        Assert.Contains("'credentials_env'", Assert.Single(BackendTestKit.Errors("gcp-secret-manager", ("project", "my-project-1"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadProject_NamesIt()
    {
        Assert.Contains(BackendTestKit.Errors("gcp-secret-manager", ("project", "UPPER"), ("credentials_file", "/k")), e => e.Contains("'project'", StringComparison.Ordinal));
    }
}
