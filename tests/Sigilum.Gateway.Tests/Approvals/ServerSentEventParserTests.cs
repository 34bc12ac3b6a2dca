namespace Sigilum.Gateway.Approvals;

/// <summary>The SSE subset the control plane writes: named events with ids, multi-line data, comments.</summary>
public sealed class ServerSentEventParserTests
{
    [Fact]
    public void AssemblesEvents_AndSurfacesCommentsAsKeepAlives()
    {
        var parser = new ServerSentEventParser();
        Assert.Null(parser.Push("event: claim"));
        Assert.Null(parser.Push("id: 42"));
        Assert.Null(parser.Push("data: {\"a\":1,"));
        Assert.Null(parser.Push("data: \"b\":2}"));
        var sse = parser.Push("");
        Assert.Equal(new ServerSentEvent("claim", "42", "{\"a\":1,\n\"b\":2}"), sse);

        var comment = parser.Push(": keep-alive");
        Assert.NotNull(comment);
        Assert.Null(comment.Name);
        Assert.Null(parser.Push(""));
    }
}
