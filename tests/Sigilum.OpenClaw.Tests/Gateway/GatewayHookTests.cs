using System.Text.Json.Nodes;
using Sigilum.OpenClaw.Hosting;
using Sigilum.Sdk.Identity;

namespace Sigilum.OpenClaw.Gateway;

/// <summary>
/// The hooks inside a real, headless OpenClaw gateway (no model, no network): what they leave behind after the
/// gateway started, after a session reset (<c>command:new</c>) and after a chat message (<c>message:received</c>,
/// <c>agent:bootstrap</c>; <c>/context list</c> is answered by OpenClaw itself).
/// </summary>
public sealed class GatewayHookTests(OpenClawGateway gateway) : IClassFixture<OpenClawGateway>
{
    private static readonly TimeSpan HookTimeout = TimeSpan.FromMinutes(2);
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateFolder = Private | UnixFileMode.UserExecute;

    [Fact]
    public void GatewayStartup_InstalledAgentsKeptAndLaterAgentKeyed_EachItsOwnKeyPairInAgentKeyDirectoryFormat()
    {
        var root = gateway.Home.KeyRoot;
        Assert.Equal(PrivateFolder, File.GetUnixFileMode(root));
        var fingerprints = new HashSet<string>(StringComparer.Ordinal);
        foreach (var agent in OpenClawGateway.Agents)
        {
            var atStartup = gateway.KeyFilesAtStartup.Where(f => f.StartsWith(agent + "/", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, atStartup.Count);
            var fingerprint = Path.GetFileNameWithoutExtension(atStartup[0]);
            Assert.Equal([$"{agent}/{fingerprint}.key", $"{agent}/{fingerprint}.pub"], atStartup);
            Assert.True(fingerprints.Add(fingerprint), "two agents share a key");
        }
        // The installer keyed the agents the config named; the hook kept those keys and keyed only the one added later.
        Assert.Equal(
            gateway.KeyFilesAfterInstall,
            gateway.KeyFilesAtStartup.Where(f => !f.StartsWith(OpenClawGateway.LaterAgent + "/", StringComparison.Ordinal)));
        Assert.DoesNotContain(gateway.KeyFilesAfterInstall, f => f.StartsWith(OpenClawGateway.LaterAgent + "/", StringComparison.Ordinal));
        // main and helper are left alone by the other tests: the C# side reads them as it reads its own.
        foreach (var agent in new[] { "main", "helper" })
        {
            var info = AgentKeyDirectory.Find(root, agent);
            Assert.NotNull(info);
            using var pair = AgentKeyDirectory.Load(root, agent);
            Assert.NotNull(pair);
            Assert.Equal(info.PublicKey, pair.PublicKey.ToArray());
            Assert.Equal(PrivateFolder, File.GetUnixFileMode(info.Folder));
            Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(info.Folder, info.Fingerprint + ".key")));
            Assert.Equal(Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(Path.Combine(info.Folder, info.Fingerprint + ".pub")));
        }
    }

    [Fact]
    public async Task SessionReset_AgentLostItsKey_CommandNewCreatesANewOne()
    {
        static bool Announced(string line) => line.Contains("[sigilum-plugin] New Sigilum key for agent ops ", StringComparison.Ordinal);
        var before = AgentKeyDirectory.Find(gateway.Home.KeyRoot, "ops");
        Assert.NotNull(before);
        Directory.Delete(before.Folder, recursive: true);
        var announcements = gateway.CountLog(Announced);

        await gateway.CallAsync("sessions.reset", new JsonObject { ["key"] = "agent:ops:main", ["reason"] = "new" });
        await gateway.WaitForLogAsync(Announced, HookTimeout, announcements + 1);

        var after = AgentKeyDirectory.Find(gateway.Home.KeyRoot, "ops");
        Assert.NotNull(after);
        Assert.NotEqual(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public async Task ChatMessage_FromTheCli_RecordsASubjectHintForTheSession()
    {
        await gateway.ContextListAsync();

        var path = gateway.Home.SubjectHintsPath;
        Assert.True(File.Exists(path), "no subject hints were recorded");
        Assert.Equal(Private, File.GetUnixFileMode(path));
        var hints = JsonNode.Parse(File.ReadAllText(path))!;
        var hint = hints["by_session"]!["agent:main:main"];
        Assert.NotNull(hint);
        Assert.Equal("main", hint["agent_id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(hint["subject"]?.GetValue<string>()), hint.ToJsonString());
        Assert.False(string.IsNullOrEmpty(hint["channel"]?.GetValue<string>()), hint.ToJsonString());
        Assert.Equal(hint.ToJsonString(), hints["by_agent"]!["main"]!.ToJsonString());
        Assert.Contains(hints["recent"]!.AsArray(), r => r!.ToJsonString() == hint.ToJsonString());
        Assert.True(DateTimeOffset.TryParse(hints["updated_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task ContextList_AfterBootstrap_ShowsSigilumPolicyFileAndSkill()
    {
        var answer = await gateway.ContextListAsync();

        Assert.Contains("- SIGILUM.md: OK", answer, StringComparison.Ordinal);
        var skills = answer.Split('\n').Single(line => line.StartsWith("Skills: ", StringComparison.Ordinal));
        Assert.Contains("sigilum", skills["Skills: ".Length..].Split(", "));
    }

    [Fact]
    public async Task GatewayStartup_AuthzNotifyWithoutOwnerLogin_PointsTheOwnerToTheDashboard()
    {
        // The test home has no Sigilum login, so the real CLI (SIGILUM_CLI_PATH) refuses to list claims; the hook
        // logs that once, with where to approve instead, and the gateway carries on.
        var line = await gateway.WaitForLogAsync(l => l.Contains("[sigilum-authz-notify] ", StringComparison.Ordinal), HookTimeout);

        Assert.Contains("cannot list pending requests", line, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:8787/dashboard/pending", line, StringComparison.Ordinal);
    }
}
