using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.OpenClaw.Hooks;

/// <summary>
/// sigilum-plugin's key bootstrap (<c>gateway:startup</c>, <c>command:new</c>): the key pairs it writes are exactly
/// <see cref="AgentKeyDirectory"/>'s, in both directions.
/// </summary>
public sealed class PluginKeyTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly HookSandbox _sandbox = new();

    [Fact]
    public async Task Startup_EveryAgentTheConfigNames_GetsAKeyPairAgentKeyDirectoryLoads()
    {
        var config = new JsonObject
        {
            ["agents"] = new JsonObject
            {
                ["entries"] = new JsonObject
                {
                    ["main"] = new JsonObject { ["subagents"] = new JsonObject { ["allowAgents"] = new JsonArray("*", "scout") } },
                    ["helper"] = new JsonObject(),
                },
                // Older configs: read, never written.
                ["list"] = new JsonArray(new JsonObject { ["id"] = "legacy one" }),
            },
        };

        var run = await _sandbox.RunAsync("sigilum-plugin", LifecycleEvent("gateway", "startup", config));

        Assert.Equal(["helper", "legacy_one", "main", "scout"], AgentKeyDirectory.ListAgents(_sandbox.KeyRoot));
        Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(_sandbox.KeyRoot));
        foreach (var agent in AgentKeyDirectory.ListAgents(_sandbox.KeyRoot))
        {
            var info = AgentKeyDirectory.Find(_sandbox.KeyRoot, agent)!;
            using var pair = AgentKeyDirectory.Load(_sandbox.KeyRoot, agent);
            Assert.NotNull(pair);
            Assert.Equal(info.PublicKey, pair.PublicKey.ToArray());
            Assert.Equal(AgentKeys.Fingerprint(pair.PublicKey), info.Fingerprint);
            Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(info.Folder));
            var keyFile = Path.Combine(info.Folder, info.Fingerprint + ".key");
            Assert.Equal(Private, File.GetUnixFileMode(keyFile));
            Assert.Equal(Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.ChangeExtension(keyFile, ".pub")));
            Assert.Matches("^[A-Za-z0-9+/]{43}=\n$", await File.ReadAllTextAsync(keyFile));
            Assert.Equal(2, Directory.GetFiles(info.Folder).Length);
            Assert.Contains($"[sigilum-plugin] New Sigilum key for agent {agent} (fingerprint {info.Fingerprint}", run.Log, StringComparison.Ordinal);
        }
        // On startup nothing is delivered as a reply: the log is where the owner sees it.
        Assert.Empty(run.Messages);
    }

    [Fact]
    public async Task Startup_KeyMadeByAgentKeyDirectory_IsReusedNotReplaced()
    {
        var existing = AgentKeyDirectory.Ensure(_sandbox.KeyRoot, "main");

        var run = await _sandbox.RunAsync("sigilum-plugin", LifecycleEvent("gateway", "startup", new JsonObject()));

        Assert.Equal(existing.Fingerprint, AgentKeyDirectory.Find(_sandbox.KeyRoot, "main")!.Fingerprint);
        Assert.Equal(2, Directory.GetFiles(existing.Folder).Length);
        Assert.DoesNotContain("New Sigilum key for agent main", run.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CommandNew_NewAgent_KeyAnnouncedInTheReply()
    {
        var run = await _sandbox.RunAsync("sigilum-plugin", LifecycleEvent("command", "new", new JsonObject()));

        var fingerprint = AgentKeyDirectory.Find(_sandbox.KeyRoot, "main")!.Fingerprint;
        Assert.Equal([$"Sigilum: New Sigilum key for agent main (fingerprint {fingerprint}, namespace alice); its first gateway call files an access request for the owner to approve."], run.Messages);
    }

    [Fact]
    public async Task Startup_AutoBootstrapOff_CreatesNoKeys()
    {
        var hookEvent = LifecycleEvent("gateway", "startup", new JsonObject());
        hookEvent["context"]!["cfg"]!["hooks"]!["internal"]!["entries"]!["sigilum-plugin"]!["env"]!["SIGILUM_AUTO_BOOTSTRAP_AGENTS"] = "false";

        var run = await _sandbox.RunAsync("sigilum-plugin", hookEvent);

        Assert.False(Directory.Exists(_sandbox.KeyRoot));
        Assert.Empty(run.Log.Trim());
    }

    [Fact]
    public async Task SanitizeAgentId_AnyId_SameFolderNameAsAgentKeyDirectory()
    {
        string[] ids = ["main", " helper ", "research bot", "../escape", "..", ".", "a/b\\c", "ünïcode", "emoji😀", "x.y_z-1", "..hidden"];

        var names = await _sandbox.MapAsync("sigilum-plugin", "sanitizeAgentId", ids.Select(id => new JsonArray(id)));

        Assert.Equal(ids.Select(AgentKeyDirectory.SanitizeAgentId), names.Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Settings_HookEntryEnvAndEnvVars_EntryWinsEnvVarsFillIn()
    {
        var environment = new Dictionary<string, string?> { ["SIGILUM_NAMESPACE"] = "from-env-vars", ["SIGILUM_GATEWAY_URL"] = "http://gw.example:38100/" };
        var withEntry = LifecycleEvent("gateway", "startup", new JsonObject());

        var fromEntry = await _sandbox.CallAsync("sigilum-plugin", "settings", new JsonArray(withEntry), environment);
        var withoutCfg = await _sandbox.CallAsync("sigilum-plugin", "settings", new JsonArray(new JsonObject { ["type"] = "message", ["action"] = "received", ["context"] = new JsonObject() }), environment);

        Assert.Equal("alice", fromEntry!["namespace"]!.GetValue<string>());
        Assert.Equal("from-env-vars", withoutCfg!["namespace"]!.GetValue<string>());
        Assert.Equal("http://gw.example:38100", withoutCfg["gatewayUrl"]!.GetValue<string>());
        Assert.Equal(_sandbox.KeyRoot, withoutCfg["keyRoot"]!.GetValue<string>());
    }

    internal static JsonObject LifecycleEvent(string type, string action, JsonObject config)
    {
        config["hooks"] = new JsonObject
        {
            ["internal"] = new JsonObject
            {
                ["entries"] = new JsonObject
                {
                    ["sigilum-plugin"] = new JsonObject { ["env"] = new JsonObject { ["SIGILUM_NAMESPACE"] = "alice", ["SIGILUM_AUTO_BOOTSTRAP_AGENTS"] = "true" } },
                },
            },
        };
        return new JsonObject
        {
            ["type"] = type,
            ["action"] = action,
            ["sessionKey"] = type == "command" ? "agent:main:main" : "gateway",
            ["context"] = new JsonObject { ["cfg"] = config, ["workspaceDir"] = "/work/space" },
        };
    }

    public void Dispose() => _sandbox.Dispose();
}
