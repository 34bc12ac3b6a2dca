using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// The persisted relay switch: <c>Gateway:Relay:Enabled</c> in <c>$SIGILUM_HOME/gateway/appsettings.json</c>, the file
/// <see cref="GatewayConfiguration"/> reads first, so a stop survives restarts. Other settings in the file are kept.
/// </summary>
internal static class GatewayRelaySetting
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string PathFor(SigilumPaths paths) => Path.Combine(paths.GatewayDirectory, "appsettings.json");

    /// <summary>The value in the file; true (the default) when the file or the setting is absent.</summary>
    public static bool Read(SigilumPaths paths)
    {
        var root = Load(paths);
        return root?["Gateway"]?["Relay"]?["Enabled"] is not JsonValue value || !value.TryGetValue<bool>(out var enabled) || enabled;
    }

    public static void Write(SigilumPaths paths, bool enabled)
    {
        var root = Load(paths) ?? new JsonObject();
        var gateway = root["Gateway"] as JsonObject ?? (JsonObject)(root["Gateway"] = new JsonObject());
        var relay = gateway["Relay"] as JsonObject ?? (JsonObject)(gateway["Relay"] = new JsonObject());
        relay["Enabled"] = enabled;
        PrivateFiles.EnsurePrivateDirectory(paths.GatewayDirectory);
        PrivateFiles.WriteOwnerOnly(PathFor(paths), JsonSerializer.SerializeToUtf8Bytes(root, Indented));
    }

    private static JsonObject? Load(SigilumPaths paths)
    {
        var file = PathFor(paths);
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
                ?? throw new CliException(ExitCodes.InvalidData, $"{file} is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.InvalidData, $"{file} is not valid JSON ({ex.Message}).");
        }
    }
}
