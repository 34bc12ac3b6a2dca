using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Cli;

/// <summary><c>openclaw hooks list --json</c>: both Sigilum hooks are found, loadable, and subscribe only to known events.</summary>
public sealed class HooksListTests : IDisposable
{
    private readonly OpenClawHome _home = new(OpenClawInstallation.Require());

    [Fact]
    public async Task HooksList_AfterInstall_BothHooksLoadableWithNoUnknownEvents()
    {
        _home.WriteConfig(SigilumTestInstall.UserConfig("main", "helper"));
        await SigilumTestInstall.InstallSigilumAsync(_home);

        var result = await _home.RunAsync("hooks", "list", "--agent", "main", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var hooks = OpenClawHome.ParseJson(result)["hooks"]!.AsArray();
        var expected = new Dictionary<string, string[]>
        {
            ["sigilum-plugin"] = ["gateway:startup", "command:new", "message:received", "agent:bootstrap"],
            ["sigilum-authz-notify"] = ["gateway:startup", "command:new"],
        };
        foreach (var (name, events) in expected)
        {
            var hook = hooks.SingleOrDefault(h => h!["name"]!.GetValue<string>() == name);
            Assert.True(hook is not null, $"{name} is not listed: {result.Stdout}");
            Assert.Equal("openclaw-managed", hook["source"]!.GetValue<string>());
            Assert.True(hook["loadable"]!.GetValue<bool>(), hook.ToJsonString());
            Assert.True(hook["eligible"]!.GetValue<bool>(), hook.ToJsonString());
            Assert.Empty(hook["unknownEvents"]!.AsArray());
            Assert.Equal(events, hook["events"]!.AsArray().Select(e => e!.GetValue<string>()));
        }
    }

    public void Dispose() => _home.Dispose();
}
