using System.Text.Json.Nodes;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// Puts Sigilum into an OpenClaw home the way `sigilum openclaw install --non-interactive --enable-authz-notify`
/// does (the files of <see cref="ShippedAssets"/> and the config entries of the installer contract). One method on
/// purpose: when the installer is merged, <see cref="InstallSigilumAsync"/> runs it instead and nothing else changes.
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

    /// <summary>Where the hooks find the sigilum CLI: a launcher for the built sigilum.dll beside the tests.</summary>
    public static string CliLauncher(OpenClawHome home) => Path.Combine(home.HomeDirectory, "bin", "sigilum");

    public static Task InstallSigilumAsync(OpenClawHome home, string gatewayUrl = "http://127.0.0.1:38100", string apiUrl = "http://127.0.0.1:8787")
    {
        ShippedAssets.WriteTo(home.StateDirectory);

        var launcher = CliLauncher(home);
        Directory.CreateDirectory(Path.GetDirectoryName(launcher)!);
        File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet \"{Path.Combine(AppContext.BaseDirectory, "sigilum.dll")}\" \"$@\"\n");
        File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var environment = new JsonObject
        {
            ["SIGILUM_MODE"] = "managed",
            ["SIGILUM_NAMESPACE"] = Namespace,
            ["SIGILUM_GATEWAY_URL"] = gatewayUrl,
            ["SIGILUM_API_URL"] = apiUrl,
            ["SIGILUM_DASHBOARD_URL"] = apiUrl + "/dashboard",
            ["SIGILUM_KEY_ROOT"] = home.KeyRoot,
            ["SIGILUM_CLI_PATH"] = launcher,
        };
        var config = File.Exists(home.ConfigPath) ? home.ReadConfig() : [];
        Section(Section(config, "env"), "vars").Merge(environment);
        var hooks = Section(config, "hooks");
        var internalHooks = Section(hooks, "internal");
        internalHooks["enabled"] = true;
        var entries = Section(internalHooks, "entries");
        var pluginEnvironment = (JsonObject)environment.DeepClone();
        pluginEnvironment["SIGILUM_AUTO_BOOTSTRAP_AGENTS"] = "true";
        entries["sigilum-plugin"] = new JsonObject { ["enabled"] = true, ["env"] = pluginEnvironment };
        entries["sigilum-authz-notify"] = new JsonObject { ["enabled"] = true, ["env"] = environment.DeepClone() };
        Section(Section(config, "skills"), "entries")["sigilum"] = new JsonObject { ["enabled"] = true, ["env"] = environment.DeepClone() };
        home.WriteConfig(config);
        File.SetUnixFileMode(home.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Task.CompletedTask;
    }

    private static JsonObject Section(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject existing)
        {
            return existing;
        }
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static void Merge(this JsonObject target, JsonObject values)
    {
        foreach (var (name, value) in values)
        {
            target[name] = value?.DeepClone();
        }
    }
}
