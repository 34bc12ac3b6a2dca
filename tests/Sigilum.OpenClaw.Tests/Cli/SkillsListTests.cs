using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Cli;

/// <summary><c>openclaw skills list --agent &lt;id&gt; --json</c>: the sigilum skill is eligible for every agent.</summary>
public sealed class SkillsListTests : IDisposable
{
    private readonly OpenClawHome _home = new(OpenClawInstallation.Require());

    [Fact]
    public async Task SkillsList_AfterInstall_SigilumEligibleForEveryAgent()
    {
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));
        await SigilumTestInstall.InstallSigilumAsync(_home);

        // Read-only listings of one home: run both agents at once.
        var results = await Task.WhenAll(
            _home.RunAsync("skills", "list", "--agent", "main", "--json"),
            _home.RunAsync("skills", "list", "--agent", "helper", "--json"));

        foreach (var result in results)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            var skill = Sigilum(result);
            Assert.Equal("openclaw-managed", skill["source"]!.GetValue<string>());
            Assert.True(skill["eligible"]!.GetValue<bool>(), skill.ToJsonString());
            Assert.True(skill["modelVisible"]!.GetValue<bool>(), skill.ToJsonString());
        }
    }

    [Fact]
    public async Task SkillsList_CliPathNotConfigured_SigilumNotEligible()
    {
        // The control: without SIGILUM_CLI_PATH the helper cannot run, and the skill's requires.env says so.
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));
        await SigilumTestInstall.InstallSigilumAsync(_home);
        var config = _home.ReadConfig();
        config["env"]!["vars"]!.AsObject().Remove("SIGILUM_CLI_PATH");
        config["skills"]!["entries"]!["sigilum"]!["env"]!.AsObject().Remove("SIGILUM_CLI_PATH");
        _home.WriteConfig(config);

        var result = await _home.RunAsync("skills", "list", "--agent", "main", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var skill = Sigilum(result);
        Assert.False(skill["eligible"]!.GetValue<bool>(), skill.ToJsonString());
        Assert.Equal(["SIGILUM_CLI_PATH"], skill["missing"]!["env"]!.AsArray().Select(e => e!.GetValue<string>()));
    }

    private static System.Text.Json.Nodes.JsonNode Sigilum(ProcessResult result)
    {
        var skill = OpenClawHome.ParseJson(result)["skills"]!.AsArray().SingleOrDefault(s => s!["name"]!.GetValue<string>() == "sigilum");
        Assert.True(skill is not null, $"sigilum is not listed: {result}");
        return skill;
    }

    public void Dispose() => _home.Dispose();
}
