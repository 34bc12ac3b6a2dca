using System.Globalization;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using Sigilum.Cli.Agents;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// Reads the gateway's MCP route answers (spec §3.10) into MCP values, and words its refusals as the tool errors an
/// agent reads: the approval request exactly as <c>sigilum agent call</c> prints it (<c>HTTP_STATUS=</c>, the page,
/// the <c>APPROVAL_*</c> lines), any other error as a line naming its code and then the gateway's own body.
/// </summary>
internal static class McpBridgeReplies
{
    /// <summary>Serves a tool whose schema the gateway did not give (or gave unreadable): any object.</summary>
    private const string AnyObjectSchema = """{"type":"object"}""";

    /// <summary>The request body of a call: <c>{"arguments":{…}}</c>, an empty object when the client sent none.</summary>
    public static byte[] CallBody(IDictionary<string, JsonElement>? arguments)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("arguments");
            foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
            {
                json.WritePropertyName(name);
                value.WriteTo(json);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>The tools of a list answer <c>{…, tools:[{name, description, input_schema}]}</c>, or null when it is not one.</summary>
    public static List<Tool>? Tools(AgentReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        using var document = TryParse(reply.Body);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root ||
            !root.TryGetProperty("tools", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var tools = new List<Tool>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name) ||
                name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                return null;
            }
            tools.Add(new Tool
            {
                Name = name.GetString()!,
                Description = item.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String ? description.GetString() : null,
                InputSchema = Schema(item),
            });
        }
        return tools;
    }

    /// <summary>The <c>result</c> of a call answer (the upstream's raw JSON-RPC result), or null when it is not one.</summary>
    public static CallToolResult? CallResult(AgentReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        using var document = TryParse(reply.Body);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root ||
            !root.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        try
        {
            return result.Deserialize<CallToolResult>(McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A tool error: what the agent's model reads instead of a result.</summary>
    public static CallToolResult Error(string text) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = text }],
    };

    /// <summary>The gateway's code: <c>X-Sigilum-Code</c>, else the envelope's <c>code</c>, else null.</summary>
    public static string? CodeOf(AgentReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Code is { Length: > 0 } header)
        {
            return header;
        }
        using var document = TryParse(reply.Body);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root &&
            root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
            ? code.GetString()
            : null;
    }

    /// <summary>
    /// The text of a refusal. The approval request is printed as the agent helper prints it (the skill teaches agents
    /// to read those lines); any other answer starts with <c>&lt;CODE&gt; (HTTP &lt;status&gt;): &lt;error&gt;</c>.
    /// </summary>
    public static string FailureText(AgentReply reply, AgentSettings settings, string publicKey, string connection)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (ApprovalNotice.For(reply, settings, publicKey, connection) is { } notice)
        {
            return AgentOutput.ToText(reply, notice);
        }
        var code = CodeOf(reply) ?? "HTTP_" + reply.Status.ToString(CultureInfo.InvariantCulture);
        using var document = TryParse(reply.Body);
        var error = document?.RootElement is { ValueKind: JsonValueKind.Object } root &&
            root.TryGetProperty("error", out var message) && message.ValueKind == JsonValueKind.String
            ? message.GetString()
            : null;
        return $"{code} (HTTP {reply.Status.ToString(CultureInfo.InvariantCulture)}): {error ?? "the gateway refused the request"}\n" + AgentOutput.ToText(reply, null);
    }

    /// <summary>A 2xx answer that is not what the route returns (an older or foreign server at the gateway URL).</summary>
    public static string InvalidText(AgentReply reply, string expected)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return $"The gateway's answer from {reply.Url.AbsoluteUri} is not {expected} (HTTP {reply.Status.ToString(CultureInfo.InvariantCulture)}); " +
            $"is SIGILUM_GATEWAY_URL a Sigilum gateway that serves MCP connections? ({ErrorCatalogue.McpBridgeResponseInvalid})";
    }

    /// <summary>
    /// The tool's <c>input_schema</c> (a JSON string per spec §3.10; an object is taken too), else any object: MCP
    /// requires an object schema with <c>"type":"object"</c>, and one malformed schema must not hide the other tools.
    /// </summary>
    private static JsonElement Schema(JsonElement tool)
    {
        if (tool.TryGetProperty("input_schema", out var schema) || tool.TryGetProperty("inputSchema", out schema))
        {
            var text = schema.ValueKind == JsonValueKind.String ? schema.GetString() : schema.ValueKind == JsonValueKind.Object ? schema.GetRawText() : null;
            using var parsed = text is null ? null : TryParse(text);
            if (parsed?.RootElement is { ValueKind: JsonValueKind.Object } root &&
                root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "object")
            {
                return root.Clone();
            }
        }
        using var fallback = JsonDocument.Parse(AnyObjectSchema);
        return fallback.RootElement.Clone();
    }

    private static JsonDocument? TryParse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
