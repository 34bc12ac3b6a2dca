using System.Diagnostics;
using System.Text.Json.Nodes;
using Sigilum.Sdk.Identity;

namespace Sigilum.EndToEnd.Agents;

/// <summary>
/// The agent loop as an OpenClaw agent runs it: the real `sigilum openclaw install --mode local` into a temporary
/// OpenClaw home against `sigilum up`'s gateway, then the INSTALLED skill wrapper
/// (<c>&lt;state&gt;/skills/sigilum/bin/sigilum-agent</c>) started with exactly the environment the installed
/// openclaw.json gives a skill helper (<c>env.vars</c> → process environment) — nothing of the test's own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstalledSkillHelperLoopTests : AgentHelperLoop
{
    private const UnixFileMode Owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private string Wrapper => Path.Combine(StateDirectory, "skills", "sigilum", "bin", "sigilum-agent");

    private protected override async Task<AgentKeyInfo> PrepareAgentAsync(string ns, string gatewayUrl, string apiUrl)
    {
        // The user's OpenClaw config names one agent; the installer gives it its key.
        File.WriteAllText(Path.Combine(StateDirectory, "openclaw.json"), """{"agents": {"entries": {"research": {}}}}""");
        var install = await Sigilum.RunAsync("openclaw", "install", "--mode", "local", "--non-interactive",
            "--namespace", ns, "--gateway-url", gatewayUrl, "--api-url", apiUrl, "--openclaw-home", StateDirectory, "--json");
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(install.Json().GetProperty("changed").GetBoolean(), install.ToString());
        Assert.Equal(Owner, File.GetUnixFileMode(Wrapper));
        var key = AgentKeyDirectory.Find(AgentKeyRoot, Agent);
        Assert.True(key is not null, "the installer did not create a key for " + Agent + ": " + install);
        return key;
    }

    /// <summary>
    /// The installed config's <c>env.vars</c> (what OpenClaw copies into a skill helper's environment), checked to be
    /// exactly the installer's SIGILUM_* values: no owner token, nothing that could approve a claim.
    /// </summary>
    private Dictionary<string, string> InstalledEnvironment()
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(StateDirectory, "openclaw.json")))!;
        var vars = config["env"]!["vars"]!.AsObject().ToDictionary(v => v.Key, v => v.Value!.GetValue<string>(), StringComparer.Ordinal);
        Assert.Equal(
            ["SIGILUM_API_URL", "SIGILUM_CLI_PATH", "SIGILUM_DASHBOARD_URL", "SIGILUM_GATEWAY_URL", "SIGILUM_KEY_ROOT", "SIGILUM_MODE", "SIGILUM_NAMESPACE"],
            vars.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(AgentKeyRoot, vars["SIGILUM_KEY_ROOT"]);
        return vars;
    }

    private protected override async Task<SigilumProcess.Run> RunHelperAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Wrapper)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = StateDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // Start from a clean slate: nothing Sigilum or OpenClaw from the test process reaches the helper.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("SIGILUM_", StringComparison.Ordinal) || k.StartsWith("OPENCLAW_", StringComparison.Ordinal) || k == "GATEWAY_ADDR").ToList())
        {
            start.Environment.Remove(name);
        }
        foreach (var (name, value) in InstalledEnvironment())
        {
            start.Environment[name] = value;
        }
        // Which agent runs the helper: OpenClaw gives no per-agent env today (its issue #137299); the agent's id is the
        // one thing the base loop passes on. Its HOME is not the operator's: no Sigilum identity to fall back on.
        start.Environment["OPENCLAW_AGENT_ID"] = environment["OPENCLAW_AGENT_ID"];
        start.Environment["HOME"] = environment["SIGILUM_HOME"];
        start.Environment["SIGILUM_HOME"] = environment["SIGILUM_HOME"];
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sigilum-agent {string.Join(' ', args)} did not finish within 90 s: {await stdout} {await stderr}");
        }
        return new SigilumProcess.Run(process.ExitCode, await stdout, await stderr);
    }
}
