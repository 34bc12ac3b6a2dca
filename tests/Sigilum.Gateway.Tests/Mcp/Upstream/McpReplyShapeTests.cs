using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Connections;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// Servers that answer plain JSON, or SSE under another content type (spec §3.10 sniffs the body): a minimal MCP
/// server on Kestrel that answers initialize, tools/list and tools/call in the shape under test.
/// </summary>
public sealed class McpReplyShapeTests
{
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-07T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CapturedLogs _logs = new();

    [Theory]
    [InlineData("application/json", false)]
    [InlineData("text/plain", false)]
    [InlineData("text/plain", true)]
    [InlineData(null, true)]
    public async Task DiscoverAndCall_ReplyShape_AreUnderstood(string? contentType, bool sse)
    {
        await using var server = await FakeHost.StartAsync(context => AnswerAsync(context, contentType, sse));
        await using var client = McpUpstreamKit.Client(_clock, _logs);
        var target = McpUpstreamKit.HeaderTarget(new Uri(server.BaseUri, "/mcp"));

        var discovered = await client.DiscoverAsync(target, CancellationToken.None);
        var called = await client.CallToolAsync(target, "echo", McpUpstreamKit.Json("""{"message":"json"}"""), CancellationToken.None);

        Assert.True(discovered.Succeeded, discovered.Error?.Message);
        Assert.Equal(["a", "b"], discovered.Value!.Tools.Select(t => t.Name));
        Assert.Equal(new Sigilum.Core.Connections.McpServerInfo("fake", "1.2.3", "2025-03-26"), discovered.Value.Server);
        Assert.True(called.Succeeded, called.Error?.Message);
        Assert.Equal("json", McpUpstreamKit.FirstText(called.Value));
    }

    [Fact]
    public async Task CallToolAsync_EmptyResult_FailsAsNotValid()
    {
        await using var server = await FakeHost.StartAsync(context => AnswerAsync(context, "application/json", sse: false, emptyCallResult: true));
        await using var client = McpUpstreamKit.Client(_clock, _logs);

        var called = await client.CallToolAsync(McpUpstreamKit.HeaderTarget(new Uri(server.BaseUri, "/mcp")), "echo", McpUpstreamKit.Json("{}"), CancellationToken.None);

        Assert.False(called.Succeeded);
        Assert.Contains("empty result", called.Error.Message, StringComparison.Ordinal);
    }

    private static async Task AnswerAsync(HttpContext context, string? contentType, bool sse, bool emptyCallResult = false)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var message = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
        var method = message["method"]!.GetValue<string>();
        if (!message.ContainsKey("id"))
        {
            context.Response.StatusCode = 202;
            return;
        }
        JsonNode? result = method switch
        {
            "initialize" => new JsonObject
            {
                ["protocolVersion"] = message["params"]!["protocolVersion"]!.GetValue<string>(),
                ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                ["serverInfo"] = new JsonObject { ["name"] = "fake", ["version"] = "1.2.3" },
            },
            "tools/list" => JsonNode.Parse("""{"tools":[{"name":"b","inputSchema":{"type":"object"}},{"name":"a","inputSchema":{"type":"object"}}]}"""),
            _ when emptyCallResult => null,
            _ => new JsonObject
            {
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = message["params"]!["arguments"]!["message"]!.GetValue<string>() }),
            },
        };
        var json = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = message["id"]!.DeepClone(), ["result"] = result }.ToJsonString();
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }
        await context.Response.WriteAsync(sse ? "event: message\ndata: " + json + "\n\n" : json);
    }
}
