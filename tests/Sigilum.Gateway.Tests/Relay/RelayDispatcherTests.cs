using System.Text;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Sealing;
using Sigilum.Testing;

namespace Sigilum.Gateway.Relay;

/// <summary>The gateway's own checks on a relayed command, before anything reaches its admin API.</summary>
public sealed class RelayDispatcherTests : IDisposable
{
    private readonly TempDirectory _data = new("sigilum-relay-");
    private readonly RelayKey _key;
    private readonly RelayDispatcher _dispatcher;

    public RelayDispatcherTests()
    {
        _key = RelayKey.LoadOrCreate(Path.Combine(_data.Path, "relay.key"));
        // The admin API is never reached in these tests: asking for its address fails the test.
        _dispatcher = new RelayDispatcher(_key, new GatewayRelayOptions(), Operations.OperationsHost.TestToken, () => throw new InvalidOperationException("dispatched"));
    }

    public void Dispose()
    {
        _dispatcher.Dispose();
        _key.Dispose();
        _data.Dispose();
    }

    [Theory]
    [InlineData("POST", "/api/admin/relay/stop")]
    [InlineData("GET", "/api/admin/relay")]
    [InlineData("GET", "/metrics")]
    [InlineData("PUT", "/api/admin/service-catalog")]
    [InlineData("GET", "/api/admin/connections/../relay")]
    [InlineData(null, "/health")]
    public async Task DispatchAsync_PathNotAllowed_400WithoutDispatching(string? method, string path)
    {
        var answer = await _dispatcher.DispatchAsync(new RelayCommandMessage("r1", method, path, null, null), CancellationToken.None);

        Assert.Equal(400, answer.Status);
        Assert.Equal(ErrorCatalogue.RelayPathNotAllowed, answer.Error);
        Assert.Equal("r1", answer.RequestId);
    }

    [Fact]
    public async Task DispatchAsync_EnvelopeForAnotherKey_SealedSecretInvalidWithoutDispatching()
    {
        using var other = System.Security.Cryptography.ECDiffieHellman.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var body = "{\"sealed_value\":" + SealedSecret.Seal(SealedSecret.PublicKey(other), "x"u8).ToJson() + ",\"key\":\"K\"}";

        var answer = await _dispatcher.DispatchAsync(new RelayCommandMessage("r2", "POST", "/api/admin/credential-variables", null, body), CancellationToken.None);

        Assert.Equal(400, answer.Status);
        Assert.Equal(ErrorCatalogue.SealedSecretInvalid, answer.Error);
    }

    [Fact]
    public void LoadOrCreate_SecondStart_SameKeyAndOwnerOnlyFile()
    {
        var file = Path.Combine(_data.Path, "relay.key");

        using var again = RelayKey.LoadOrCreate(file);

        Assert.Equal(_key.PublicKey, again.PublicKey);
        Assert.Equal(SealedSecret.ParsePublicKey(_key.PublicKey).Value, again.KeyId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Unseal_SealedSecretsAndValue_PlaintextMembersOthersCopied()
    {
        var body = "{\"id\":\"c1\",\"sealed_secrets\":{\"api_key\":" + SealedSecret.Seal(_key.PublicKey, "sk-1"u8).ToJson() + "},\"rotation_interval_days\":30}";

        var (opened, error) = RelayBodyUnsealer.Unseal(body, _key);

        Assert.Null(error);
        Assert.Equal("{\"id\":\"c1\",\"secrets\":{\"api_key\":\"sk-1\"},\"rotation_interval_days\":30}", Encoding.UTF8.GetString(opened!));
    }

    [Fact]
    public void Unseal_SealedAndPlaintextTogether_Refused()
    {
        var body = "{\"secrets\":{\"a\":\"b\"},\"sealed_secrets\":{\"api_key\":" + SealedSecret.Seal(_key.PublicKey, "sk-1"u8).ToJson() + "}}";

        var (opened, error) = RelayBodyUnsealer.Unseal(body, _key);

        Assert.Null(opened);
        Assert.NotNull(error);
    }

    [Fact]
    public void Unseal_SealedSecretsNotAnObject_Refused()
    {
        var (opened, error) = RelayBodyUnsealer.Unseal("{\"sealed_secrets\":[1]}", _key);

        Assert.Null(opened);
        Assert.NotNull(error);
    }

    [Fact]
    public void Unseal_PlaintextNotUtf8_Refused()
    {
        var body = "{\"sealed_value\":" + SealedSecret.Seal(_key.PublicKey, [0xff, 0xfe]).ToJson() + "}";

        var (opened, error) = RelayBodyUnsealer.Unseal(body, _key);

        Assert.Null(opened);
        Assert.NotNull(error);
    }

    [Fact]
    public void Unseal_NoSealedMembers_BodyUnchanged()
    {
        var (opened, error) = RelayBodyUnsealer.Unseal("{\"name\":\"x\"}", _key);

        Assert.Null(error);
        Assert.Equal("{\"name\":\"x\"}", Encoding.UTF8.GetString(opened!));
    }
}
