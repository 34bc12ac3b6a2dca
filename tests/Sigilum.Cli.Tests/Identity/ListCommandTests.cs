namespace Sigilum.Cli.Identity;

public sealed class ListCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task List_Json_PrintsSdkShapeSorted()
    {
        await _cli.RunAsync("init", "zed");
        await _cli.RunAsync("init", "alice");

        var json = (await _cli.RunAsync("list", "--json")).Json();

        Assert.Equal(["command", "homeDir", "count", "namespaces"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("list", json.GetProperty("command").GetString());
        Assert.Equal(_cli.Home, json.GetProperty("homeDir").GetString());
        Assert.Equal(2, json.GetProperty("count").GetInt32());
        Assert.Equal(["alice", "zed"], json.GetProperty("namespaces").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task List_NoIdentities_PrintsHowToCreateOne()
    {
        var run = await _cli.RunAsync("list");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("sigilum init", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Human_ShowsTableWithKeyIdsAndFlagsInvalidFiles()
    {
        await _cli.RunAsync("init", "alice");
        var broken = Path.Combine(_cli.Home, "identities", "broken");
        Directory.CreateDirectory(broken);
        await File.WriteAllTextAsync(Path.Combine(broken, "identity.json"), "{}");

        var run = await _cli.RunAsync("list");

        Assert.Contains("did:sigilum:alice#ed25519-", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("broken", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("invalid", run.Stdout, StringComparison.Ordinal);
    }
}
