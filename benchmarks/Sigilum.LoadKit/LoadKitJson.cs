using System.Text.Json;

namespace Sigilum.LoadKit;

/// <summary>How the load tools write what this library measured: camelCase, one line.</summary>
internal static class LoadKitJson
{
    public static JsonSerializerOptions Options { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}
