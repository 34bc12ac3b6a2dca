using System.Net;
using System.Text;
using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpCredentialHandlerTests
{
    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "{\"error\":{\"message\":\"Bad Request: No valid session ID provided\"}}")]
    [InlineData(HttpStatusCode.BadRequest, "Bad Request: Server not initialized")]
    [InlineData(HttpStatusCode.BadRequest, "Mcp-Session-Id header is required")]
    [InlineData(HttpStatusCode.BadRequest, "session required")]
    [InlineData(HttpStatusCode.BadRequest, "Missing session")]
    [InlineData(HttpStatusCode.Conflict, "invalid session")]
    [InlineData(HttpStatusCode.BadRequest, "unknown session abc")]
    [InlineData(HttpStatusCode.NotFound, "Session not found")]
    public void IsSessionLost_KnownWordings_True(HttpStatusCode status, string body) =>
        Assert.True(McpCredentialHandler.IsSessionLost(status, sentSessionId: false, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void IsSessionLost_NotFoundForARequestWithASession_True() =>
        Assert.True(McpCredentialHandler.IsSessionLost(HttpStatusCode.NotFound, sentSessionId: true, []));

    [Theory]
    [InlineData(HttpStatusCode.NotFound, false, "")]
    [InlineData(HttpStatusCode.BadRequest, true, "Bad Request: malformed JSON")]
    [InlineData(HttpStatusCode.Unauthorized, true, "invalid session")]
    [InlineData(HttpStatusCode.Forbidden, true, "invalid session")]
    [InlineData(HttpStatusCode.TooManyRequests, true, "invalid session")]
    [InlineData(HttpStatusCode.InternalServerError, true, "Session not found")]
    public void IsSessionLost_OtherAnswers_False(HttpStatusCode status, bool sentSessionId, string body) =>
        Assert.False(McpCredentialHandler.IsSessionLost(status, sentSessionId, Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData(ConnectionValues.AuthHeaderKey, "Authorization", "sk-1", true)]
    [InlineData(ConnectionValues.AuthHeaderKey, "authorization", "sk-1", true)]
    [InlineData(ConnectionValues.AuthHeaderKey, "Authorization", "Token sk-1", false)]
    [InlineData(ConnectionValues.AuthHeaderKey, "X-Api-Key", "sk-1", false)]
    [InlineData(ConnectionValues.AuthBearer, "Authorization", "Bearer sk-1", false)]
    public void BearerFallbackApplies_OnlyForHeaderKeyOnAuthorizationWithoutScheme(string mode, string header, string value, bool expected) =>
        Assert.Equal(expected, McpCredentialHandler.BearerFallbackApplies(McpUpstreamKit.HeaderTarget(new Uri("http://127.0.0.1/mcp"), header, value, mode)));
}
