using System.Runtime.Versioning;

namespace Sigilum.Cli.Identity;

public sealed class InitCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Init_NewNamespaceJson_PrintsSdkShape()
    {
        var run = await _cli.RunAsync("init", "alice", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal(
            ["command", "created", "namespace", "did", "keyId", "publicKey", "identityPath"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("init", json.GetProperty("command").GetString());
        Assert.True(json.GetProperty("created").GetBoolean());
        Assert.Equal("did:sigilum:alice", json.GetProperty("did").GetString());
        Assert.StartsWith("did:sigilum:alice#ed25519-", json.GetProperty("keyId").GetString(), StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_cli.Home, "identities", "alice", "identity.json"), json.GetProperty("identityPath").GetString());
        Assert.Empty(run.Stderr);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Init_NewNamespace_WritesOwnerOnlyFile()
    {
        await _cli.RunAsync("init", "alice");

        var path = Path.Combine(_cli.Home, "identities", "alice", "identity.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Init_ExistingWithoutForce_ReportsNotCreatedWithSameKey()
    {
        var first = (await _cli.RunAsync("init", "alice", "--json")).Json();

        var second = (await _cli.RunAsync("init", "alice", "--json")).Json();

        Assert.False(second.GetProperty("created").GetBoolean());
        Assert.Equal(first.GetProperty("keyId").GetString(), second.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task Init_Force_RotatesKey()
    {
        var first = (await _cli.RunAsync("init", "alice", "--json")).Json();

        var second = (await _cli.RunAsync("init", "alice", "--force", "--json")).Json();

        Assert.True(second.GetProperty("created").GetBoolean());
        Assert.NotEqual(first.GetProperty("keyId").GetString(), second.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task Init_HumanOutput_ShowsPublicFieldsButNeverThePrivateKey()
    {
        var run = await _cli.RunAsync("init", "alice");

        var file = await File.ReadAllTextAsync(Path.Combine(_cli.Home, "identities", "alice", "identity.json"));
        var privateKey = System.Text.Json.JsonDocument.Parse(file).RootElement.GetProperty("privateKey").GetString()!;
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Created identity alice", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("did:sigilum:alice", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(privateKey, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_HomeOption_WinsOverEnvironment()
    {
        var other = Path.Combine(_cli.WorkDirectory, "other-home");

        var run = await _cli.RunAsync("init", "alice", "--home", other, "--json");

        Assert.StartsWith(other, run.Json().GetProperty("identityPath").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_cli.Home));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Not_Valid")]
    [InlineData("-lead")]
    public async Task Init_InvalidNamespace_ExitsWithUsageErrorOnOneLine(string ns)
    {
        var run = await _cli.RunAsync("init", ns);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
        Assert.Contains("NAMESPACE_INVALID", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_HomeIsAFile_ExitsWithIoErrorWithoutStackTrace()
    {
        var file = _cli.WriteFile("not-a-dir", "x");

        var run = await _cli.RunAsync("init", "alice", "--home", file);

        Assert.Equal(ExitCodes.IoError, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_MissingArgument_ExitsWithUsageError()
    {
        var run = await _cli.RunAsync("init");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("sigilum init --help", run.Stderr, StringComparison.Ordinal);
    }
}
