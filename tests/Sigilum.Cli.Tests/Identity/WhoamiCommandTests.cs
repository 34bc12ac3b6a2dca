namespace Sigilum.Cli.Identity;

public sealed class WhoamiCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Whoami_FixtureIdentity_PrintsItsPublicFields()
    {
        _cli.InstallFixtureIdentity();

        var json = (await _cli.RunAsync("whoami", "--json")).Json();

        Assert.Equal("fixture-alice", json.GetProperty("namespace").GetString());
        Assert.Equal("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", json.GetProperty("keyId").GetString());
        Assert.Equal("ed25519:J07dj/co4diCmQYTTQGq4adhnMKYejHazCYUQ7eBh0k=", json.GetProperty("publicKey").GetString());
        Assert.EndsWith(Path.Combine("fixture-alice", "identity.json"), json.GetProperty("identityPath").GetString(), StringComparison.Ordinal);
        Assert.False(json.TryGetProperty("privateKey", out _));
    }

    [Fact]
    public async Task Whoami_SeveralIdentities_ExitsWithUsageErrorListingThem()
    {
        await _cli.RunAsync("init", "alice");
        await _cli.RunAsync("init", "bob");

        var run = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("alice, bob", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("IDENTITY_AMBIGUOUS", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_NamespaceEnvironment_ChoosesIdentity()
    {
        await _cli.RunAsync("init", "alice");
        await _cli.RunAsync("init", "bob");
        _cli.Environment["SIGILUM_NAMESPACE"] = "bob";

        var json = (await _cli.RunAsync("whoami", "--json")).Json();

        Assert.Equal("bob", json.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task Whoami_UnknownNamespace_ExitsNotFound()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("whoami", "--namespace", "carol");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("sigilum init carol", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_CorruptIdentityFile_ExitsInvalidData()
    {
        var dir = Path.Combine(_cli.Home, "identities", "alice");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "identity.json"), "{\"version\":1}");

        var run = await _cli.RunAsync("whoami");

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Contains("IDENTITY_INVALID", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Whoami_WorldReadableIdentityFile_WarnsWithChmodFix()
    {
        await _cli.RunAsync("init", "alice");
        var path = Path.Combine(_cli.Home, "identities", "alice", "identity.json");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var run = await _cli.RunAsync("whoami", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("chmod 600", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("alice", run.Json().GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task Whoami_OwnerOnlyIdentityFile_PrintsNoWarning()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("whoami");

        Assert.Empty(run.Stderr);
    }

    [Fact]
    public async Task Whoami_Human_ShowsKeyIdAndFile()
    {
        _cli.InstallFixtureIdentity();

        var run = await _cli.RunAsync("whoami");

        Assert.Contains("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("identity.json", run.Stdout, StringComparison.Ordinal);
    }
}
