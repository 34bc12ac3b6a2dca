using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// The body of <c>POST /mcp/{id}/tools/{tool}/call</c> (spec §3.10): <c>{"arguments":{…}}</c> or the arguments object itself;
/// an empty body is <c>{}</c>; anything but a JSON object is 400. The size bound is the gateway's request body limit,
/// applied before this runs.
/// </summary>
internal static class McpCallArguments
{
    public static readonly GatewayError NotAnObject = new(StatusCodes.Status400BadRequest, null,
        "The call body must be a JSON object: {\"arguments\":{...}} or the arguments object itself (empty means {}).");

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The arguments (a detached clone), or null when the body is not acceptable.</summary>
    public static JsonElement? Parse(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Empty;
        }
        JsonElement root;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            using var document = JsonDocument.ParseValue(ref reader);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (!root.TryGetProperty("arguments", out var arguments))
        {
            return root;
        }
        return arguments.ValueKind switch
        {
            JsonValueKind.Object => arguments,
            JsonValueKind.Null => Empty,
            _ => null,
        };
    }
}
