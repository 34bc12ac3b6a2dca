using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// What install wrote (<c>&lt;state&gt;/.sigilum/openclaw-install.json</c>, 0600): the files, and for every config key it
/// set, the value it wrote and the value that was there before (or that there was none). Uninstall uses it to remove
/// exactly that: a key whose value the user changed since is left alone; a key that existed before gets its old value
/// back. Holds no secret (only Sigilum's own settings).
/// </summary>
internal sealed class OpenClawManifest
{
    private const int MaxBytes = 1024 * 1024;

    public string Mode { get; set; } = "local";

    public string Namespace { get; set; } = string.Empty;

    public bool ConfigCreated { get; set; }

    public List<string> Files { get; } = [];

    public List<ConfigRecord> Config { get; } = [];

    /// <summary>One config key: what install wrote and what it replaced.</summary>
    internal sealed record ConfigRecord(string[] Path, JsonNode? Written, bool HadPrevious, JsonNode? Previous);

    public static OpenClawManifest? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var root = JsonNode.Parse(PrivateFiles.ReadBounded(path, MaxBytes)) as JsonObject
                ?? throw new CliException(ExitCodes.InvalidData, $"{path} is not an install record.");
            var manifest = new OpenClawManifest
            {
                Mode = root["mode"]?.GetValue<string>() ?? "local",
                Namespace = root["namespace"]?.GetValue<string>() ?? string.Empty,
                ConfigCreated = root["config_created"]?.GetValue<bool>() ?? false,
            };
            foreach (var file in root["files"] as JsonArray ?? [])
            {
                manifest.Files.Add(file!.GetValue<string>());
            }
            foreach (var entry in root["config"] as JsonArray ?? [])
            {
                var path2 = (entry!["path"] as JsonArray ?? []).Select(p => p!.GetValue<string>()).ToArray();
                manifest.Config.Add(new ConfigRecord(path2, entry["written"]?.DeepClone(), entry["had_previous"]?.GetValue<bool>() ?? false, entry["previous"]?.DeepClone()));
            }
            return manifest;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new CliException(ExitCodes.InvalidData, $"{path} is not a valid install record ({ex.GetType().Name}); remove it and run install again.");
        }
    }

    public byte[] Serialize()
    {
        var root = new JsonObject
        {
            ["version"] = 1,
            ["mode"] = Mode,
            ["namespace"] = Namespace,
            ["config_created"] = ConfigCreated,
            ["files"] = new JsonArray([.. Files.Select(f => (JsonNode)JsonValue.Create(f)!)]),
            ["config"] = new JsonArray([.. Config.Select(c => (JsonNode)new JsonObject
            {
                ["path"] = new JsonArray([.. c.Path.Select(p => (JsonNode)JsonValue.Create(p)!)]),
                ["written"] = c.Written?.DeepClone(),
                ["had_previous"] = c.HadPrevious,
                ["previous"] = c.Previous?.DeepClone(),
            })]),
        };
        return OpenClawConfigFile.Serialize(root);
    }

    public ConfigRecord? Find(IReadOnlyList<string> path) => Config.FirstOrDefault(c => c.Path.SequenceEqual(path, StringComparer.Ordinal));
}
