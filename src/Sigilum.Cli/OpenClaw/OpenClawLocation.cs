namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// Where an OpenClaw installation keeps its state and configuration, resolved as OpenClaw does it today: state dir =
/// <c>--openclaw-home</c>, else <c>OPENCLAW_STATE_DIR</c>, else (<c>OPENCLAW_HOME</c> or <c>HOME</c>)<c>/.openclaw</c>
/// (<c>OPENCLAW_HOME</c> replaces <c>$HOME</c>; it is not the <c>.openclaw</c> folder itself); config =
/// <c>OPENCLAW_CONFIG_PATH</c>, else <c>&lt;state&gt;/openclaw.json</c>. Sigilum's own files live under
/// <c>&lt;state&gt;/.sigilum</c>.
/// </summary>
internal sealed record OpenClawLocation(string StateDirectory, string ConfigPath)
{
    public const string StateDirVariable = "OPENCLAW_STATE_DIR";
    public const string HomeVariable = "OPENCLAW_HOME";
    public const string ConfigPathVariable = "OPENCLAW_CONFIG_PATH";
    public const string SubjectHintsFileName = "subject-hints.json";

    /// <summary><c>&lt;state&gt;/.sigilum</c>: keys, subject hints and the install record.</summary>
    public string SigilumDirectory => Path.Combine(StateDirectory, ".sigilum");

    /// <summary>Per-agent key pairs (<see cref="Sigilum.Sdk.Identity.AgentKeyDirectory"/>).</summary>
    public string KeyRoot => KeyRootOf(StateDirectory);

    /// <summary>Written by the sigilum-plugin hook on incoming messages.</summary>
    public string SubjectHintsPath => Path.Combine(SigilumDirectory, SubjectHintsFileName);

    /// <summary>What the last install wrote (files, config values it replaced), so uninstall removes exactly that.</summary>
    public string ManifestPath => Path.Combine(SigilumDirectory, "openclaw-install.json");

    /// <summary>The launcher install writes when the CLI runs as <c>dotnet sigilum.dll</c> (see <see cref="SigilumCliPath"/>).</summary>
    public string CliWrapperPath => Path.Combine(SigilumDirectory, "bin", "sigilum");

    public static OpenClawLocation Resolve(CliContext context, string? homeFlag)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = NonEmpty(homeFlag) ?? StateDirectoryFrom(context.Environment.GetVariable)
            ?? throw new CliException(ExitCodes.Usage, "Cannot find the OpenClaw state directory: set --openclaw-home, OPENCLAW_STATE_DIR or HOME.");
        state = Expand(context, state);
        var config = NonEmpty(context.Environment.GetVariable(ConfigPathVariable)) is { } configured
            ? Expand(context, configured)
            : Path.Combine(state, "openclaw.json");
        return new OpenClawLocation(state, config);
    }

    /// <summary>
    /// The state directory from the environment alone (the installer and the agent helper both resolve it here):
    /// <c>OPENCLAW_STATE_DIR</c>, else (<c>OPENCLAW_HOME</c> or <c>HOME</c>)<c>/.openclaw</c>; null when none is set.
    /// </summary>
    public static string? StateDirectoryFrom(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        if (NonEmpty(getVariable(StateDirVariable)) is { } state)
        {
            return state;
        }
        // OPENCLAW_HOME replaces $HOME in today's OpenClaw; it is not the .openclaw folder itself.
        var home = NonEmpty(getVariable(HomeVariable)) ?? NonEmpty(getVariable("HOME"));
        return home is null ? null : Path.Combine(home, ".openclaw");
    }

    /// <summary>Per-agent key pairs live in <c>&lt;state&gt;/.sigilum/keys</c>.</summary>
    public static string KeyRootOf(string stateDirectory) => Path.Combine(stateDirectory, ".sigilum", "keys");

    /// <summary>The file for an asset's forward-slash relative path.</summary>
    public string PathOf(string relativePath) => Path.Combine(StateDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));

    // "~/x" as a shell would expand it: these values often come from a user's notes or an .env file.
    private static string Expand(CliContext context, string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            var home = NonEmpty(context.Environment.GetVariable("HOME"))
                ?? throw new CliException(ExitCodes.Usage, $"Cannot expand '{path}': HOME is not set.");
            path = home + path[1..];
        }
        return Path.GetFullPath(path, context.Environment.CurrentDirectory);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
