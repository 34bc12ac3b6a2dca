namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpToolListTests
{
    [Fact]
    public void Normalise_TrimsDedupesSortsAndCompactsSchemas()
    {
        var result = McpUpstreamKit.Json("""
            {"tools":[
              {"name":" zeta ","description":"  last ","inputSchema":{ "type" : "object",
                 "properties": { "a": { "type": "string" } } }},
              {"name":"alpha","input_schema":{"type":"object"}},
              {"name":"zeta","description":"duplicate"},
              {"name":"   "},
              {"description":"no name"},
              {"name":"Beta","inputSchema":{"description":"<b>é</b>"}}
            ],"nextCursor":"page-2"}
            """);

        var tools = McpToolList.Normalise(result)!;

        Assert.Equal(["Beta", "alpha", "zeta"], tools.Select(t => t.Name));
        Assert.Equal("""{"type":"object","properties":{"a":{"type":"string"}}}""", tools[2].InputSchema);
        Assert.Equal("last", tools[2].Description);
        Assert.Equal("""{"type":"object"}""", tools[1].InputSchema);
        Assert.Equal("", tools[1].Description);
        Assert.Equal("""{"description":"<b>é</b>"}""", tools[0].InputSchema);
    }

    [Fact]
    public void Normalise_ToolWithoutSchema_GetsAnEmptyObject()
    {
        var tools = McpToolList.Normalise(McpUpstreamKit.Json("""{"tools":[{"name":"t","inputSchema":null},{"name":"u"}]}"""))!;

        Assert.All(tools, t => Assert.Equal("{}", t.InputSchema));
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"tools":{}}""")]
    [InlineData("""[]""")]
    public void Normalise_NoToolsArray_IsNull(string json) => Assert.Null(McpToolList.Normalise(McpUpstreamKit.Json(json)));

    [Fact]
    public void Normalise_EmptyToolsArray_IsAnEmptyList() => Assert.Empty(McpToolList.Normalise(McpUpstreamKit.Json("""{"tools":[]}"""))!);
}
