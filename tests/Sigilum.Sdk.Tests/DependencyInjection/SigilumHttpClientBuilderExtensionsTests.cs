using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;

namespace Microsoft.Extensions.DependencyInjection;

public sealed class SigilumHttpClientBuilderExtensionsTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly CapturingHandler _wire = new();

    public void Dispose() => _home.Dispose();

    private ServiceProvider Services(Action<SigilumSigningOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("agent")
            .AddSigilumSigning(configure)
            .ConfigurePrimaryHttpMessageHandler(() => _wire);
        return services.BuildServiceProvider();
    }

    private void InstallFixtureIdentity()
    {
        var dir = Path.Combine(_home.Path, "identities", "fixture-alice");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "identity.json"), TestData.FixtureIdentityJson);
    }

    [Fact]
    public async Task AddSigilumSigning_FixtureIdentityInHome_SignsWithIt()
    {
        InstallFixtureIdentity();
        var time = new FakeTimeProvider(1_700_000_000);
        using var provider = Services(o =>
        {
            o.HomeDirectory = _home.Path;
            o.Namespace = "fixture-alice";
            o.TimeProvider = time;
        });
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("agent");

        await client.GetAsync(new Uri("https://api.sigilum.local/v1/namespaces/fixture-alice"));

        var captured = _wire.Last;
        var result = RequestVerifier.Verify(
            new VerifyRequest { Method = captured.Method, TargetUri = captured.TargetUri, Headers = captured.Headers, Body = captured.Body },
            new VerifyOptions { Time = time, MaxAge = TimeSpan.FromSeconds(60), ExpectedNamespace = "fixture-alice" });
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", result.KeyId);
    }

    [Fact]
    public async Task AddSigilumSigning_NoNamespaceSingleIdentity_UsesIt()
    {
        InstallFixtureIdentity();
        using var provider = Services(o => o.HomeDirectory = _home.Path);
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("agent");

        await client.GetAsync(new Uri("https://api.sigilum.local/x"));

        Assert.Equal("fixture-alice", _wire.Last.Header("sigilum-namespace"));
    }

    [Fact]
    public void AddSigilumSigning_MissingIdentity_CreateClientThrowsWithCode()
    {
        using var provider = Services(o =>
        {
            o.HomeDirectory = _home.Path;
            o.Namespace = "nobody";
        });

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("agent"));

        Assert.Contains("IDENTITY_NOT_FOUND", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSigilumSigning_NegativeBodyLimit_FailsOptionsValidation()
    {
        InstallFixtureIdentity();
        using var provider = Services(o =>
        {
            o.HomeDirectory = _home.Path;
            o.MaxBodyBytes = -1;
        });

        Assert.Throws<Options.OptionsValidationException>(() => provider.GetRequiredService<IHttpClientFactory>().CreateClient("agent"));
    }
}
