using Sigilum.Cli.OpenClaw;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Where an OpenClaw install keeps what the helper reads, resolved as OpenClaw and the installer do (contract in
/// docs/openclaw.md): state dir = <c>OPENCLAW_STATE_DIR</c>, else (<c>OPENCLAW_HOME</c> or <c>HOME</c>)<c>/.openclaw</c>;
/// key root = <c>&lt;state&gt;/.sigilum/keys</c>; subject hints = <c>subject-hints.json</c> beside the key root.
/// </summary>
internal static class OpenClawLocations
{
    public const string KeyRootVariable = "SIGILUM_KEY_ROOT";
    public const string HintsFileName = OpenClawLocation.SubjectHintsFileName;

    /// <summary>The session key variables, in the order the helper reads them.</summary>
    public static readonly string[] SessionKeyVariables = ["SIGILUM_SESSION_KEY", "OPENCLAW_SESSION_KEY", "SESSION_KEY"];

    /// <summary>The state directory as the installer resolves it, else <c>~/.openclaw</c> of the running user.</summary>
    public static string StateDirectory(Func<string, string?> getVariable) =>
        OpenClawLocation.StateDirectoryFrom(getVariable)
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".openclaw");

    /// <summary><c>--key-root</c> → <c>SIGILUM_KEY_ROOT</c> → <c>&lt;state&gt;/.sigilum/keys</c>.</summary>
    public static string KeyRoot(string? option, Func<string, string?> getVariable) =>
        NonEmpty(option) ?? NonEmpty(getVariable(KeyRootVariable)) ?? OpenClawLocation.KeyRootOf(StateDirectory(getVariable));

    /// <summary>
    /// The hook writes its hints into <c>&lt;state&gt;/.sigilum/</c>, the key root's parent in every layout the installer
    /// writes, so the file is found from the key root alone (also when only <c>SIGILUM_KEY_ROOT</c> is set).
    /// </summary>
    public static string HintsFile(string keyRoot) =>
        Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(keyRoot))) ?? keyRoot, HintsFileName);

    /// <summary>The first non-empty session key variable, or null.</summary>
    public static string? SessionKey(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        return SessionKeyVariables.Select(name => NonEmpty(getVariable(name))).FirstOrDefault(value => value is not null);
    }

    /// <summary>The agent of an OpenClaw session key <c>agent:&lt;id&gt;:…</c>, or null for any other form.</summary>
    public static string? AgentOfSessionKey(string? sessionKey)
    {
        const string Prefix = "agent:";
        if (sessionKey is null || !sessionKey.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = sessionKey.AsSpan(Prefix.Length);
        var end = rest.IndexOf(':');
        var id = (end < 0 ? rest : rest[..end]).Trim();
        return id.IsEmpty ? null : id.ToString();
    }

    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
