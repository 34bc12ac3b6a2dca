using System.Text.Json;
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

    [Fact]
    public async Task Version_Alias_ReportsEveryComponentAndNothingRunning()
    {
        var json = (await _cli.RunAsync("version", "--json")).Json();

        var cli = json.GetProperty("cli").GetString();
        Assert.Equal(cli, json.GetProperty("gateway").GetString());
        Assert.Equal(cli, json.GetProperty("controlPlane").GetString());
        // The test host runs the CLI from its build output, not from a tool installation.
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cliPackage").ValueKind);
        // The harness's environment has no PATH: no sigil-vault to find.
        Assert.Equal(JsonValueKind.Null, json.GetProperty("vaultCli").GetProperty("path").ValueKind);
        Assert.Empty(json.GetProperty("running").EnumerateArray());
        Assert.Empty(json.GetProperty("services").EnumerateArray());
    }

    [Fact]
    public async Task Versions_VaultOnPath_ReportsItsVersion()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_cli.WorkDirectory, "bin")).FullName;
        var vault = Path.Combine(bin, "sigil-vault");
        File.WriteAllText(vault, "#!/bin/sh\necho 9.9.9-test\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(vault, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        _cli.Environment["PATH"] = Path.Combine(_cli.WorkDirectory, "empty") + ":" + bin;

        var json = (await _cli.RunAsync("versions", "--json")).Json();

        Assert.Equal(vault, json.GetProperty("vaultCli").GetProperty("path").GetString());
        Assert.Equal("9.9.9-test", json.GetProperty("vaultCli").GetProperty("version").GetString());
    }
}
