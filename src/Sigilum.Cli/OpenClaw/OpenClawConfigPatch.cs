using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// The config keys the installer owns, all accepted by today's strict schema: <c>env.vars.SIGILUM_*</c> (OpenClaw copies
/// them into <c>process.env</c> of hooks and of the helpers an agent runs), <c>hooks.internal.enabled</c>,
/// <c>hooks.internal.entries["sigilum-plugin"|"sigilum-authz-notify"]</c> (<c>enabled</c>, <c>env</c>) and
/// <c>skills.entries.sigilum</c> (<c>enabled</c>, <c>env</c> only). Never <c>agents.list</c>, <c>hooks.internal.handlers</c>
/// or <c>installs</c>, which today's OpenClaw rejects; never an owner token (the agent can read this file). With
/// <c>--mcp-bridge</c>, also <c>mcp.servers.&lt;connection&gt;</c> (stdio: <c>command</c>, <c>args</c>, <c>env</c>).
/// </summary>
internal static class OpenClawConfigPatch
{
    public const string PluginHook = "sigilum-plugin";
    public const string NotifyHook = "sigilum-authz-notify";
    public const string Skill = "sigilum";

    public static readonly string[] HooksEnabledPath = ["hooks", "internal", "enabled"];
    public static readonly string[] HookEntriesPath = ["hooks", "internal", "entries"];

    public static readonly string[] EnvNames =
    [
        "SIGILUM_MODE", "SIGILUM_NAMESPACE", "SIGILUM_GATEWAY_URL", "SIGILUM_API_URL", "SIGILUM_DASHBOARD_URL", "SIGILUM_KEY_ROOT", "SIGILUM_CLI_PATH",
    ];

    /// <summary>Every path an install may write: what uninstall removes when no install record says otherwise.</summary>
    public static IReadOnlyList<string[]> OwnedPaths { get; } =
    [
        .. EnvNames.Select(name => new[] { "env", "vars", name }),
        HooksEnabledPath,
        [.. HookEntriesPath, PluginHook],
        [.. HookEntriesPath, NotifyHook],
        ["skills", "entries", Skill],
    ];

    /// <summary>The values this install wants, in the order the plan shows them.</summary>
    public static IReadOnlyList<(string[] Path, JsonNode Value)> Desired(OpenClawSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var env = Environment(settings);
        var entries = new List<(string[] Path, JsonNode Value)>();
        foreach (var name in EnvNames)
        {
            entries.Add((["env", "vars", name], JsonValue.Create(env[name])!));
        }
        entries.Add((HooksEnabledPath, JsonValue.Create(true)));
        var pluginEnv = Pick(env, EnvNames);
        pluginEnv["SIGILUM_AUTO_BOOTSTRAP_AGENTS"] = "true";
        entries.Add(([.. HookEntriesPath, PluginHook], new JsonObject { ["enabled"] = true, ["env"] = pluginEnv }));
        if (settings.EnableAuthzNotify)
        {
            entries.Add(([.. HookEntriesPath, NotifyHook], new JsonObject
            {
                ["enabled"] = true,
                ["env"] = Pick(env, "SIGILUM_MODE", "SIGILUM_NAMESPACE", "SIGILUM_GATEWAY_URL", "SIGILUM_API_URL", "SIGILUM_DASHBOARD_URL", "SIGILUM_CLI_PATH"),
            }));
        }
        entries.Add((["skills", "entries", Skill], new JsonObject
        {
            ["enabled"] = true,
            ["env"] = Pick(env, "SIGILUM_MODE", "SIGILUM_NAMESPACE", "SIGILUM_GATEWAY_URL", "SIGILUM_API_URL", "SIGILUM_KEY_ROOT", "SIGILUM_CLI_PATH"),
        }));
        foreach (var connection in settings.McpBridges ?? [])
        {
            // A stdio server: OpenClaw cannot sign each MCP request itself (static headers only), the bridge does, with
            // the agent's key from the key root; the provider's key stays in the gateway.
            entries.Add((["mcp", "servers", connection], new JsonObject
            {
                ["command"] = settings.CliPath.Path,
                ["args"] = new JsonArray("mcp", "bridge", "--connection", connection),
                ["env"] = Pick(env, "SIGILUM_NAMESPACE", "SIGILUM_GATEWAY_URL", "SIGILUM_KEY_ROOT"),
            }));
        }
        return entries;
    }

    /// <summary>
    /// Hook entries other than Sigilum's. Naming any entry turns OpenClaw's hook selection into an allow-list: its
    /// bundled hooks stop loading unless they are named too.
    /// </summary>
    public static IReadOnlyList<string> OtherHookEntries(JsonObject config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return JsonTree.Get(config, HookEntriesPath) is JsonObject entries
            ? entries.Select(e => e.Key).Where(k => k is not PluginHook and not NotifyHook).ToList()
            : [];
    }

    /// <summary>
    /// The hooks OpenClaw ships (its package's dist/bundled/*/HOOK.md), by name, for the version named in the warning. A
    /// constant because the warning must not need Node or the package at run time; a real-OpenClaw test
    /// (Sigilum.OpenClaw.Tests) checks it against the installed package, so a new OpenClaw version shows up there.
    /// </summary>
    public const string BundledHooks = "boot-md, bootstrap-extra-files, command-logger, compaction-notifier, session-memory";

    public const string AllowListWarning =
        "OpenClaw treats named hook entries as an allow-list: with only Sigilum's entries in hooks.internal.entries, OpenClaw's " +
        "bundled hooks (in OpenClaw 2026.9.6: " + BundledHooks + ") no longer load. Name each one you use there too, e.g. " +
        "\"hooks\": {\"internal\": {\"entries\": {\"session-memory\": {\"enabled\": true}}}}.";

    private static Dictionary<string, string> Environment(OpenClawSettings s) => new(StringComparer.Ordinal)
    {
        ["SIGILUM_MODE"] = s.Mode,
        ["SIGILUM_NAMESPACE"] = s.Namespace,
        ["SIGILUM_GATEWAY_URL"] = s.GatewayUrl,
        ["SIGILUM_API_URL"] = s.ApiUrl,
        ["SIGILUM_DASHBOARD_URL"] = s.DashboardUrl,
        ["SIGILUM_KEY_ROOT"] = s.KeyRoot,
        ["SIGILUM_CLI_PATH"] = s.CliPath.Path,
    };

    private static JsonObject Pick(Dictionary<string, string> env, params string[] names)
    {
        var obj = new JsonObject();
        foreach (var name in names)
        {
            obj[name] = env[name];
        }
        return obj;
    }
}
