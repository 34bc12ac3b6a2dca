using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.Remote;

/// <summary>One control-plane answer: status and parsed JSON body (null when empty or not JSON).</summary>
internal sealed record ApiResponse(int Status, JsonNode? Body)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>"METHOD /path" of the request, for messages about routes the server does not have.</summary>
    public string? Route { get; init; }

    /// <summary>Response headers the caller may need (e.g. <c>X-Sigilum-MCP-Discovery</c>), case-insensitive; empty when not captured.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The problem+json <c>code</c> member (stable; map by it, never by the text).</summary>
    public string? Code => Text("code");

    public string? Detail => Text("detail") ?? Text("title") ?? Text("error");

    /// <summary>A response body as JSON; null when empty or not JSON, so the caller reports the status instead of a parse error.</summary>
    public static JsonNode? ParseBody(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string? Text(string name) =>
        Body is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
