using Sigilum.Protocol.Keys;

namespace Sigilum.Cli.Diagnostics;

public sealed class VersionsCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Versions_Json_ReportsProfileRuntimeAndEd25519()
    {
        var json = (await _cli.RunAsync("versions", "--json")).Json();

        Assert.Equal("versions", json.GetProperty("command").GetString());
        Assert.StartsWith("0.1.0", json.GetProperty("cli").GetString(), StringComparison.Ordinal);
        Assert.Equal("sigilum-rfc9421-v1", json.GetProperty("protocolProfile").GetString());
        Assert.StartsWith(".NET 10", json.GetProperty("dotnet").GetString(), StringComparison.Ordinal);
        Assert.Equal(Ed25519.Implementation, json.GetProperty("ed25519").GetString());
    }

    [Fact]
    public async Task Versions_Human_PrintsTable()
    {
        var run = await _cli.RunAsync("versions");

        Assert.Contains("sigilum-rfc9421-v1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Ed25519", run.Stdout, StringComparison.Ordinal);
    }
}
