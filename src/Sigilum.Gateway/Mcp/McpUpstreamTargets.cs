using Sigilum.Core.Connections;
using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// Builds the <see cref="McpUpstreamTarget"/> of a resolved MCP connection (spec §3.10): the endpoint is the absolute
/// <c>mcp_endpoint</c>, or <c>base_url</c> + <c>path_prefix</c> joined with the relative endpoint (its query kept). The
/// credential stays in the resolution's buffers; a <c>query_param</c> credential is added by the upstream client when it
/// sends (replacing any parameter of that name, as Sigilum's <c>Set</c> does), so the endpoint itself never holds it.
/// </summary>
internal static class McpUpstreamTargets
{
    public static McpUpstreamTarget From(ConnectionResolution resolution)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        if (!resolution.Succeeded)
        {
            throw new ArgumentException("Only a resolved connection has a target.", nameof(resolution));
        }
        var connection = resolution.Connection;
        return new McpUpstreamTarget(
            connection.Id,
            Endpoint(connection),
            connection.McpTransport ?? ConnectionValues.McpTransportStreamableHttp,
            connection.AuthMode,
            resolution.Header,
            resolution.QueryParameter);
    }

    /// <summary>The endpoint URL of <paramref name="connection"/>, without any credential.</summary>
    public static Uri Endpoint(ConnectionRecord connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var endpoint = string.IsNullOrEmpty(connection.McpEndpoint) ? "/" : connection.McpEndpoint;
        if (endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(endpoint, UriKind.Absolute);
        }
        var queryAt = endpoint.IndexOf('?', StringComparison.Ordinal);
        var path = (queryAt < 0 ? endpoint : endpoint[..queryAt]).Trim('/');
        var query = queryAt < 0 ? "" : endpoint[queryAt..];
        // Joined like Go's path.Join in Sigilum: "/" adds nothing, so base https://h/v1 with endpoint "/" is https://h/v1.
        var basePath = connection.PathPrefix.TrimEnd('/');
        var joined = path.Length == 0 ? (basePath.Length == 0 ? "/" : basePath) : basePath + "/" + path;
        var root = new Uri(connection.BaseUrl, UriKind.Absolute);
        // Strings, not UriBuilder: the stored path and query are already percent-encoded and must not be encoded twice.
        return new Uri(root.GetLeftPart(UriPartial.Authority) + root.AbsolutePath.TrimEnd('/') + joined + (query.Length > 1 ? query : ""), UriKind.Absolute);
    }
}
