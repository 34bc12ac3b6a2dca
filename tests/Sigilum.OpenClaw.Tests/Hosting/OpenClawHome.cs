using System.Text.Json.Nodes;
using Sigilum.Testing;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// A throw-away OpenClaw home: <c>HOME</c>, the state directory <c>&lt;home&gt;/.openclaw</c> and the system temp
/// folder (OpenClaw logs into <c>$TMPDIR/openclaw/</c>) all inside one temp folder, deleted on dispose. Runs the
/// real <c>openclaw</c> command against it.
/// </summary>
internal sealed class OpenClawHome : IDisposable
{
    private readonly TempDirectory _root = new("sigilum-openclaw-");

    public OpenClawHome(OpenClawInstallation installation)
    {
        Installation = installation;
        Directory.CreateDirectory(StateDirectory);
        Directory.CreateDirectory(TempPath);
    }

    public OpenClawInstallation Installation { get; }

    public string HomeDirectory => _root.Path;

    public string StateDirectory => Path.Combine(_root.Path, ".openclaw");

    public string ConfigPath => Path.Combine(StateDirectory, "openclaw.json");

    public string KeyRoot => Path.Combine(StateDirectory, ".sigilum", "keys");

    public string SubjectHintsPath => Path.Combine(StateDirectory, ".sigilum", "subject-hints.json");

    private string TempPath => Path.Combine(_root.Path, "tmp");

    /// <summary>The environment every OpenClaw process of this home gets (other OpenClaw/Sigilum locations removed).</summary>
    public Dictionary<string, string?> Environment(IReadOnlyDictionary<string, string?>? extra = null)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = HomeDirectory,
            ["OPENCLAW_STATE_DIR"] = StateDirectory,
            ["OPENCLAW_HOME"] = null,
            ["OPENCLAW_CONFIG_PATH"] = null,
            ["SIGILUM_HOME"] = null,
            // Only the config may give the hooks and the skill their settings.
            ["SIGILUM_NAMESPACE"] = null,
            ["SIGILUM_GATEWAY_URL"] = null,
            ["SIGILUM_API_URL"] = null,
            ["SIGILUM_KEY_ROOT"] = null,
            ["SIGILUM_CLI_PATH"] = null,
            ["TMPDIR"] = TempPath,
            ["PATH"] = Installation.NodeDirectory + ":" + System.Environment.GetEnvironmentVariable("PATH"),
            ["NO_COLOR"] = "1",
            ["FORCE_COLOR"] = "0",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }
        return environment;
    }

    /// <summary>Writes the user's own config (before Sigilum is installed).</summary>
    public void WriteConfig(JsonObject config) => File.WriteAllText(ConfigPath, config.ToJsonString());

    public JsonObject ReadConfig() => (JsonObject)JsonNode.Parse(File.ReadAllText(ConfigPath))!;

    /// <summary><c>openclaw &lt;arguments&gt;</c> with this home.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    public Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment, TimeSpan? timeout = null) =>
        ChildProcess.RunAsync(
            ChildProcess.StartInfo(Installation.Node, [Installation.OpenClawEntry, .. arguments], Environment(environment), HomeDirectory),
            timeout ?? TimeSpan.FromMinutes(3));

    /// <summary>Parses the JSON a <c>--json</c> command printed (OpenClaw may print notes on stderr only).</summary>
    public static JsonNode ParseJson(ProcessResult result)
    {
        try
        {
            return JsonNode.Parse(result.Stdout) ?? throw new InvalidDataException("null JSON");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new InvalidDataException($"Not JSON ({error.Message}): {result}", error);
        }
    }

    public void Dispose() => _root.Dispose();
}
