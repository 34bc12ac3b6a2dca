using System.Text.Json.Nodes;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// Puts Sigilum into an OpenClaw home with the real installer: the built <c>sigilum</c> program (the CLI's apphost in
/// artifacts/bin/Sigilum.Cli, as users run it) with <c>openclaw install --mode local --non-interactive
/// --enable-authz-notify</c>. The installer resolves <c>SIGILUM_CLI_PATH</c> to that same program, so the hooks and
/// the skill's wrapper run a CLI that really exists.
/// </summary>
internal static class SigilumTestInstall
{
    public const string Namespace = "alice";

    /// <summary>The OpenClaw config a user has before installing: two agents (OpenClaw wants explicit ownership then).</summary>
    public static JsonObject UserConfig(params string[] agents) => new()
    {
        ["agents"] = new JsonObject
        {
            ["ownership"] = "explicit",
            ["entries"] = new JsonObject(agents.Select(id => KeyValuePair.Create(id, (JsonNode?)new JsonObject()))),
        },
    };

    /// <summary>The built sigilum program (the same apphost the end-to-end tests run).</summary>
    public static string SigilumProgram
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "artifacts", "bin", "Sigilum.Cli", configuration, "sigilum");
                if (File.Exists(Path.Combine(dir.FullName, "Sigilum.slnx")) && File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException("Build src/Sigilum.Cli first: its apphost was not found under artifacts/bin/Sigilum.Cli.");
        }
    }

    /// <summary>Runs <c>sigilum &lt;arguments&gt;</c> with the home's environment (the operator's Sigilum home inside it).</summary>
    public static Task<ProcessResult> RunSigilumAsync(OpenClawHome home, params string[] arguments) =>
        ChildProcess.RunAsync(
            ChildProcess.StartInfo(SigilumProgram, arguments, home.Environment(new Dictionary<string, string?>
            {
                ["SIGILUM_HOME"] = Path.Combine(home.HomeDirectory, ".sigilum"),
                ["SIGILUM_DASHBOARD_URL"] = null,
            }), home.HomeDirectory),
            TimeSpan.FromMinutes(2));

    /// <summary><c>sigilum openclaw install</c> into the home; fails the test unless it exits 0.</summary>
    public static async Task<ProcessResult> InstallSigilumAsync(OpenClawHome home, string gatewayUrl = "http://127.0.0.1:38100", string apiUrl = "http://127.0.0.1:8787", params string[] extra)
    {
        var result = await RunSigilumAsync(home,
        [
            "openclaw", "install", "--mode", "local", "--non-interactive", "--enable-authz-notify",
            "--namespace", Namespace, "--gateway-url", gatewayUrl, "--api-url", apiUrl, "--openclaw-home", home.StateDirectory, .. extra,
        ]);
        Assert.True(result.ExitCode == 0, "sigilum openclaw install failed: " + result);
        return result;
    }
}
