using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Cli;

/// <summary><c>openclaw config validate --json</c> on a home with Sigilum installed (today's strict schema).</summary>
public sealed class ConfigValidateTests : IDisposable
{
    private readonly OpenClawHome _home = new(OpenClawInstallation.Require());

    [Fact]
    public async Task ConfigValidate_AfterInstall_IsValid()
    {
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));
        await SigilumTestInstall.InstallSigilumAsync(_home);

        var result = await _home.RunAsync("config", "validate", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = OpenClawHome.ParseJson(result);
        Assert.True(report["valid"]!.GetValue<bool>(), result.Stdout);
    }

    [Fact]
    public async Task ConfigValidate_KeyTodaysSchemaRejects_IsInvalid()
    {
        // The control for the test above: the same install plus one key OpenClaw no longer accepts (the legacy agent
        // list Sigilum's own installer wrote) must make validate fail, or "valid" would prove nothing.
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));
        await SigilumTestInstall.InstallSigilumAsync(_home);
        var config = _home.ReadConfig();
        config["agents"]!["list"] = new JsonArray(new JsonObject { ["id"] = "main" });
        _home.WriteConfig(config);

        var result = await _home.RunAsync("config", "validate", "--json");

        Assert.Equal(1, result.ExitCode);
        var report = OpenClawHome.ParseJson(result);
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Contains(report["issues"]!.AsArray(), issue => issue!["message"]!.GetValue<string>().Contains("list", StringComparison.Ordinal));
    }

    public void Dispose() => _home.Dispose();
}
