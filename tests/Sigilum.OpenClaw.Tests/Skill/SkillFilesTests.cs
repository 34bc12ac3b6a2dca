using System.Text;
using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Skill;

/// <summary>The shipped files themselves: exactly the contract's set, and the skill helper's hand-off to the CLI.</summary>
public sealed class SkillFilesTests : IDisposable
{
    private readonly HookSandbox _sandbox = new();

    [Fact]
    public void ShippedAssets_Always_ExactlyTheFilesTheInstallerContractNames()
    {
        Assert.Equal(
            [
                "hooks/sigilum-authz-notify/HOOK.md",
                "hooks/sigilum-authz-notify/handler.js",
                "hooks/sigilum-plugin/HOOK.md",
                "hooks/sigilum-plugin/handler.js",
                "skills/sigilum/SKILL.md",
                "skills/sigilum/bin/sigilum-agent",
            ],
            ShippedAssets.All.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HandlerFiles_Always_ImportOnlyNodeBuiltIns()
    {
        foreach (var (path, content) in ShippedAssets.All.Where(a => a.Key.EndsWith(".js", StringComparison.Ordinal)))
        {
            var imports = Encoding.UTF8.GetString(content).Split('\n')
                .Where(line => line.StartsWith("import ", StringComparison.Ordinal))
                .Select(line => line[(line.LastIndexOf(" from ", StringComparison.Ordinal) + 6)..].Trim(' ', ';', '"'))
                .ToList();
            Assert.NotEmpty(imports);
            Assert.All(imports, module => Assert.StartsWith("node:", module, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task SigilumAgent_AnyArguments_RunsTheConfiguredCliAgentCommandWithThemUnchanged()
    {
        var cli = _sandbox.WriteScript("fake-sigilum", "for a in \"$@\"; do printf '[%s]' \"$a\"; done\nexit 7");
        var helper = Path.Combine(_sandbox.StateDirectory, "skills", "sigilum", "bin", "sigilum-agent");

        var result = await ChildProcess.RunAsync(
            ChildProcess.StartInfo(helper, ["proxy", "openai", "POST", "/v1/chat completions", """{"a": "b c"}"""],
                new Dictionary<string, string?> { ["SIGILUM_CLI_PATH"] = cli }),
            TimeSpan.FromMinutes(1));

        Assert.Equal("[agent][proxy][openai][POST][/v1/chat completions][{\"a\": \"b c\"}]", result.Stdout);
        Assert.Equal(7, result.ExitCode);
    }

    [Fact]
    public void SkillFile_Always_PointsTheAgentAtTheHelperAndTheApprovalFields()
    {
        var skill = Encoding.UTF8.GetString(ShippedAssets.All["skills/sigilum/SKILL.md"]);

        Assert.StartsWith("---\nname: sigilum\ndescription: ", skill, StringComparison.Ordinal);
        Assert.Contains("{baseDir}/bin/sigilum-agent tools <connection>", skill, StringComparison.Ordinal);
        Assert.Contains("{baseDir}/bin/sigilum-agent proxy <connection> <METHOD> <path> [json-body]", skill, StringComparison.Ordinal);
        Assert.Contains("{baseDir}/bin/sigilum-agent call <connection> <tool> [json-args]", skill, StringComparison.Ordinal);
        foreach (var field in new[] { "HTTP_STATUS", "APPROVAL_REQUIRED", "APPROVAL_NAMESPACE", "APPROVAL_AGENT_ID", "APPROVAL_SUBJECT", "APPROVAL_PUBLIC_KEY", "APPROVAL_SERVICE", "APPROVAL_MESSAGE" })
        {
            Assert.Contains(field, skill, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _sandbox.Dispose();
}
