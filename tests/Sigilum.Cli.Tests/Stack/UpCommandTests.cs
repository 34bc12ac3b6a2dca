namespace Sigilum.Cli.Stack;

public sealed class UpCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Up_EmptyHome_CreatesIdentityNamedAfterUserAndSaysNothingStarts()
    {
        _cli.Environment["USER"] = "Dev.User";

        var run = await _cli.RunAsync("up", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("dev-user", json.GetProperty("namespace").GetString());
        Assert.True(json.GetProperty("identityCreated").GetBoolean());
        Assert.Empty(json.GetProperty("started").EnumerateArray());
        Assert.Equal(["control-plane", "gateway", "vault"], json.GetProperty("notAvailable").EnumerateArray().Select(e => e.GetString()));
        Assert.True(File.Exists(Path.Combine(_cli.Home, "identities", "dev-user", "identity.json")));
    }

    [Fact]
    public async Task Up_ExistingIdentity_ReusesItAndPrintsHonestStatus()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("up");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Using identity alice", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("not in this build yet", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8787", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_UnusableUserName_FallsBackToLocal()
    {
        _cli.Environment["USER"] = "x";

        var json = (await _cli.RunAsync("up", "--json")).Json();

        Assert.Equal("local", json.GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task Up_InvalidNamespace_FailsWithUsageExitCode()
    {
        var run = await _cli.RunAsync("up", "--namespace", "-bad-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NAMESPACE_INVALID", run.Stderr, StringComparison.Ordinal);
    }
}
