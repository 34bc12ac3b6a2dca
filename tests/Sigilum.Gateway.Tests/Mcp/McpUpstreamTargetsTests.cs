using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Mcp;

/// <summary>The endpoint rules of spec §3.10: absolute <c>mcp_endpoint</c>, or base URL + path prefix joined with the relative one.</summary>
public sealed class McpUpstreamTargetsTests
{
    private static ConnectionRecord Connection(string baseUrl, string prefix, string? endpoint) => new()
    {
        Id = "m", Name = "m", Protocol = ConnectionValues.ProtocolMcp, BaseUrl = baseUrl, PathPrefix = prefix, AuthMode = ConnectionValues.AuthBearer,
        AuthHeaderName = "Authorization", AuthSecretKey = "k", CredentialKeys = ["k"], CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
        McpEndpoint = endpoint,
    };

    [Theory]
    [InlineData("https://mcp.linear.app", "", "/mcp", "https://mcp.linear.app/mcp")]
    [InlineData("https://mcp.linear.app", "", "/", "https://mcp.linear.app/")]
    [InlineData("https://mcp.linear.app", "", null, "https://mcp.linear.app/")]
    [InlineData("https://h.example/base", "/v1", "/", "https://h.example/base/v1")]
    [InlineData("https://h.example/base", "/v1", "/mcp/", "https://h.example/base/v1/mcp")]
    [InlineData("https://h.example", "/v1", "/mcp?team=a&x=%20y", "https://h.example/v1/mcp?team=a&x=%20y")]
    [InlineData("https://h.example", "/v1", "https://other.example/sse?k=1", "https://other.example/sse?k=1")]
    [InlineData("http://127.0.0.1:5123", "", "/mcp", "http://127.0.0.1:5123/mcp")]
    public void Endpoint_Rules_Joined(string baseUrl, string prefix, string? endpoint, string expected) =>
        Assert.Equal(expected, McpUpstreamTargets.Endpoint(Connection(baseUrl, prefix, endpoint)).AbsoluteUri);

    [Fact]
    public void UpstreamKey_ConnectionAndEndpoint_Separated()
    {
        var target = new McpUpstreamTarget("m", new Uri("https://h.example/mcp"), ConnectionValues.McpTransportStreamableHttp, ConnectionValues.AuthBearer, null, null);

        Assert.Equal("conn:m\0https://h.example/mcp", target.UpstreamKey);
    }
}
