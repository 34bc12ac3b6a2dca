namespace Sigilum.Cli.Namespaces;

public sealed class NamespaceCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        await _cli.RunAsync("init", "alice");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task Register_Twice_SecondExitsCheckFailed()
    {
        var first = await _cli.RunAsync("namespace", "register", "--json");
        var second = await _cli.RunAsync("namespace", "register");

        Assert.Equal(0, first.ExitCode);
        Assert.True(first.Json().GetProperty("registered").GetBoolean());
        Assert.Equal(ExitCodes.CheckFailed, second.ExitCode);
        Assert.Contains("NAMESPACE_ALREADY_REGISTERED", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Registered_PrintsServerFields()
    {
        await _cli.RunAsync("namespace", "register");

        var run = await _cli.RunAsync("namespace", "show", "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.Equal("did:sigilum:alice", json.GetProperty("did").GetString());
        Assert.Equal(0, json.GetProperty("active_claims").GetInt32());
    }

    [Fact]
    public async Task Show_NotRegistered_ExitsNotFound()
    {
        var run = await _cli.RunAsync("namespace", "show");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("sigilum namespace register", run.Stderr, StringComparison.Ordinal);
    }
}
