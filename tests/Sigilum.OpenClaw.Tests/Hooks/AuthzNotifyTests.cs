using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;

namespace Sigilum.OpenClaw.Hooks;

/// <summary>
/// sigilum-authz-notify: pending requests come from the operator's CLI (<c>SIGILUM_CLI_PATH claims list --status
/// pending --json</c>, ADR 0037), here a stand-in script that records its arguments and prints what the CLI prints.
/// </summary>
public sealed class AuthzNotifyTests : IDisposable
{
    private readonly HookSandbox _sandbox = new();

    [Fact]
    public async Task CommandNew_SixPending_ReplyListsFiveWithTheDashboardLink()
    {
        var claims = new JsonArray([.. Enumerable.Range(1, 6).Select(i => (JsonNode)new JsonObject
        {
            ["claim_id"] = $"cl_{i:D24}",
            ["service"] = "openai",
            ["agent_name"] = $"agent-{i}",
            ["subject"] = "+15551234567",
            ["status"] = "pending",
            ["created_at"] = TimeProvider.System.GetUtcNow().AddHours(-2).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        })]);
        var cli = FakeCli(new JsonObject { ["command"] = "claims list", ["claims"] = claims }.ToJsonString());

        var run = await _sandbox.RunAsync("sigilum-authz-notify", Event("command", "new", cli));

        var reply = Assert.Single(run.Messages);
        Assert.StartsWith("Sigilum: 6 access requests waiting for your approval in alice:\n- agent-1 → openai, for +15551234567, 2h ago (claim cl_000000000000000000000001)\n", reply, StringComparison.Ordinal);
        Assert.Contains("- agent-5 → openai", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("agent-6", reply, StringComparison.Ordinal);
        Assert.Contains("- and 1 more\nApprove or reject them at http://127.0.0.1:8787/dashboard/pending", reply, StringComparison.Ordinal);
        Assert.Equal("claims list --status pending --limit 20 --json --namespace alice --api-url http://127.0.0.1:8787", (await File.ReadAllTextAsync(ArgumentsFile)).Trim());
        Assert.Contains("[sigilum-authz-notify] Sigilum: 6 access requests", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayStartup_Pending_LoggedNotReplied()
    {
        var cli = FakeCli("""{"claims":[{"claim_id":"cl_1","service":"github","agent_id":"main","status":"pending"}]}""");

        var run = await _sandbox.RunAsync("sigilum-authz-notify", Event("gateway", "startup", cli));

        Assert.Empty(run.Messages);
        Assert.Contains("[sigilum-authz-notify] Sigilum: 1 access request waiting for your approval in alice:", run.Log, StringComparison.Ordinal);
        Assert.Contains("[sigilum-authz-notify] - main → github (claim cl_1)", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandNew_NothingPending_SaysNothing()
    {
        var cli = FakeCli("""{"claims":[]}""");

        var run = await _sandbox.RunAsync("sigilum-authz-notify", Event("command", "new", cli));

        Assert.Empty(run.Messages);
        Assert.Empty(run.Log.Trim());
        Assert.Empty(run.Errors);
    }

    [Fact]
    public async Task CommandNew_OperatorNotSignedIn_LogsTheReasonAndWhereToApprove()
    {
        var cli = _sandbox.WriteScript("sigilum", "echo 'Not signed in to http://127.0.0.1:8787. Run: sigilum auth login' >&2\nexit 3");

        var run = await _sandbox.RunAsync("sigilum-authz-notify", Event("command", "new", cli));

        Assert.Empty(run.Messages);
        Assert.Contains("[sigilum-authz-notify] cannot list pending requests with " + cli + " (Not signed in to http://127.0.0.1:8787. Run: sigilum auth login); approve them with `sigilum claims list --status pending` or at http://127.0.0.1:8787/dashboard/pending", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandNew_CliPrintsNoJson_LogsAndReturns()
    {
        var cli = FakeCli("not json");

        var run = await _sandbox.RunAsync("sigilum-authz-notify", Event("command", "new", cli));

        Assert.Empty(run.Messages);
        Assert.Contains("(the CLI's output was not JSON)", run.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MessageReceived_NotItsEvent_CliNotRun()
    {
        var cli = FakeCli("""{"claims":[]}""");

        await _sandbox.RunAsync("sigilum-authz-notify", Event("message", "received", cli));

        Assert.False(File.Exists(ArgumentsFile));
    }

    private string ArgumentsFile => Path.Combine(_sandbox.HomeDirectory, "cli-arguments");

    private string FakeCli(string output)
    {
        var outputFile = Path.Combine(_sandbox.HomeDirectory, "cli-output.json");
        File.WriteAllText(outputFile, output);
        return _sandbox.WriteScript("sigilum", $"echo \"$*\" > '{ArgumentsFile}'\ncat '{outputFile}'");
    }

    private static JsonObject Event(string type, string action, string cli) => new()
    {
        ["type"] = type,
        ["action"] = action,
        ["sessionKey"] = "agent:main:main",
        ["context"] = new JsonObject
        {
            ["cfg"] = new JsonObject
            {
                ["hooks"] = new JsonObject
                {
                    ["internal"] = new JsonObject
                    {
                        ["entries"] = new JsonObject
                        {
                            ["sigilum-authz-notify"] = new JsonObject
                            {
                                ["env"] = new JsonObject
                                {
                                    ["SIGILUM_NAMESPACE"] = "alice",
                                    ["SIGILUM_API_URL"] = "http://127.0.0.1:8787/",
                                    ["SIGILUM_CLI_PATH"] = cli,
                                },
                            },
                        },
                    },
                },
            },
        },
    };

    public void Dispose() => _sandbox.Dispose();
}
