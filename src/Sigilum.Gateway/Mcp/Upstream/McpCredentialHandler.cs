using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Forwarding;
using Sigilum.Gateway.Proxy;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// Sits between the MCP SDK and the socket handler of one session. For every request the SDK sends during a call it
/// (1) refuses any origin other than the connection's endpoint (an SSE <c>endpoint</c> event cannot move the
/// credential elsewhere), (2) injects the call's credential as a header, written from its bytes by
/// <see cref="InjectedValueEncoding"/>, or as the query parameter, (3) retries once as <c>Bearer &lt;secret&gt;</c>
/// on a 401 when the spec's fallback applies, (4) notes failed statuses and lost sessions for the caller, and
/// (5) puts the response body behind <see cref="McpBoundedStream"/> (a POST answer with another content type is read
/// whole within the limit and typed by its first bytes). The secret never reaches the SDK.
/// </summary>
internal sealed class McpCredentialHandler(McpSessionFlags flags, long maxResponseBytes) : DelegatingHandler
{
    /// <summary>How much of an error body is kept (the SDK reads it for its exception; we look for session wordings).</summary>
    private const int ErrorBodyLimit = 64 * 1024;

    private const string SessionHeader = "Mcp-Session-Id";

    /// <summary>
    /// Lost-session wordings: Sigilum's five (spec §3.10), plus what today's servers say — the TypeScript SDK's
    /// "Server not initialized" / "Session not found" and server-everything's "No valid session ID provided".
    /// </summary>
    private static readonly string[] SessionLostWordings =
    [
        "mcp-session-id", "session required", "missing session", "invalid session", "unknown session",
        "no valid session", "server not initialized", "session not found",
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Only requests made inside one of our calls carry a credential; anything the SDK sends on its own is refused.
        var context = McpCallContext.Current ?? throw new HttpRequestException("The MCP client sent a request outside a gateway call; it was not sent.");
        var target = context.Target;
        var original = request.RequestUri ?? target.Endpoint;
        if (!SameOrigin(original, target.Endpoint))
        {
            context.CrossOrigin = true;
            throw new HttpRequestException("The MCP server named another origin for its messages; nothing was sent there.");
        }
        try
        {
            var response = await SendWithCredentialAsync(request, target, flags.UseBearer, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Unauthorized && !flags.UseBearer && BearerFallbackApplies(target))
            {
                // Spec §3.10: a header_key connection on Authorization with no prefix gets one retry as a bearer token.
                response.Dispose();
                var retry = CopyOf(request, original);
                response = await SendWithCredentialAsync(retry, target, useBearer: true, cancellationToken);
                flags.UseBearer = response.StatusCode != HttpStatusCode.Unauthorized;
            }
            return await InspectAsync(request, response, context, cancellationToken);
        }
        finally
        {
            // The URI with a query credential never outlives the send.
            request.RequestUri = original;
        }
    }

    /// <summary>
    /// header_key on <c>Authorization</c> with an empty prefix: the value has no scheme (no space), which a server
    /// expecting <c>Bearer</c> refuses. The target carries the value, not the prefix, so "no space" is the test.
    /// </summary>
    internal static bool BearerFallbackApplies(McpUpstreamTarget target) =>
        target.AuthMode == ConnectionValues.AuthHeaderKey &&
        target.Header is { } header &&
        string.Equals(header.Name, "Authorization", StringComparison.OrdinalIgnoreCase) &&
        !header.Value.AsSpan().Contains((byte)' ');

    internal static bool IsSessionLost(HttpStatusCode status, bool sentSessionId, ReadOnlySpan<byte> body)
    {
        var code = (int)status;
        if (code is < 400 or > 499 or 401 or 403 or 429)
        {
            return false;
        }
        if (status == HttpStatusCode.NotFound && sentSessionId)
        {
            // MCP spec (streamable HTTP): 404 to a request with a session id means the session is gone.
            return true;
        }
        var text = Encoding.UTF8.GetString(body);
        foreach (var wording in SessionLostWordings)
        {
            if (text.Contains(wording, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private async Task<HttpResponseMessage> SendWithCredentialAsync(HttpRequestMessage request, McpUpstreamTarget target, bool useBearer, CancellationToken cancellationToken)
    {
        byte[]? bearer = null;
        try
        {
            if (target.Header is { } header)
            {
                var value = header.Value;
                if (useBearer)
                {
                    bearer = new byte[7 + value.Length];
                    "Bearer "u8.CopyTo(bearer);
                    value.CopyTo(bearer.AsSpan(7));
                    value = bearer;
                }
                // The request holds a same-length placeholder; the socket handler's encoding selector writes the bytes (MEM-02).
                var encoding = new InjectedValueEncoding(value);
                request.Headers.Remove(header.Name);
                request.Headers.TryAddWithoutValidation(header.Name, encoding.Placeholder);
                request.Options.Set(InjectedValueEncoding.OptionKey, new Dictionary<string, Encoding>(StringComparer.OrdinalIgnoreCase) { [header.Name] = encoding });
            }
            if (target.QueryParameter is { } parameter && request.RequestUri is { } uri)
            {
                // Any parameter of the same name (the endpoint's placeholder, e.g. {{__API_KEY__}}) is replaced, spec §3.10.
                request.RequestUri = new Uri(uri.GetLeftPart(UriPartial.Authority) + UpstreamTarget.With(uri.PathAndQuery, parameter), UriKind.Absolute);
            }
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            if (bearer is not null)
            {
                Array.Clear(bearer);
            }
        }
    }

    private async Task<HttpResponseMessage> InspectAsync(HttpRequestMessage request, HttpResponseMessage response, McpCallContext context, CancellationToken cancellationToken)
    {
        var content = response.Content;
        if (!response.IsSuccessStatusCode)
        {
            context.FailedStatus = response.StatusCode;
            var body = await ReadPrefixAsync(content, cancellationToken);
            if (IsSessionLost(response.StatusCode, request.Headers.Contains(SessionHeader), body))
            {
                context.SessionLost = true;
            }
            var kept = new ByteArrayContent(body);
            CopyHeaders(content, kept);
            content.Dispose();
            response.Content = kept;
            return response;
        }
        if (content.Headers.ContentLength > maxResponseBytes)
        {
            context.ResponseTooLarge = true;
            response.Dispose();
            throw new HttpRequestException($"The MCP server's response exceeded the limit of {maxResponseBytes} bytes.");
        }
        var mediaType = content.Headers.ContentType?.MediaType;
        if (request.Method == HttpMethod.Post && mediaType is not ("application/json" or "text/event-stream") && response.StatusCode != HttpStatusCode.Accepted)
        {
            return await SniffedAsync(response, context, cancellationToken);
        }
        var stream = await content.ReadAsStreamAsync(cancellationToken);
        // A GET is a long-lived event stream (SSE transport): its limit is per event. A POST's answer is bounded whole.
        var perEvent = request.Method == HttpMethod.Get;
        var bounded = new StreamContent(new McpBoundedStream(stream, maxResponseBytes, perEvent, () =>
        {
            context.ResponseTooLarge = true;
            // A POST's answer is one call's; an overflowing background stream takes the session with it.
            flags.ResponseTooLarge |= perEvent;
        }));
        CopyHeaders(content, bounded);
        response.Content = bounded;
        return response;
    }

    /// <summary>
    /// Spec §3.10: a body that starts with <c>event:</c>, <c>data:</c> or <c>id:</c> is SSE whatever its content type,
    /// and one that starts with <c>{</c> is JSON. The SDK goes by the content type alone and would find no answer, so
    /// such a body (read whole, within the limit) gets the type it really has.
    /// </summary>
    private async Task<HttpResponseMessage> SniffedAsync(HttpResponseMessage response, McpCallContext context, CancellationToken cancellationToken)
    {
        var content = response.Content;
        var body = await ReadPrefixAsync(content, cancellationToken, checked((int)Math.Min(maxResponseBytes + 1, int.MaxValue)));
        if (body.Length > maxResponseBytes)
        {
            context.ResponseTooLarge = true;
            response.Dispose();
            throw new HttpRequestException($"The MCP server's response exceeded the limit of {maxResponseBytes} bytes.");
        }
        var kept = new ByteArrayContent(body);
        CopyHeaders(content, kept);
        var start = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (start.StartsWith("event:"u8) || start.StartsWith("data:"u8) || start.StartsWith("id:"u8))
        {
            kept.Headers.ContentType = new MediaTypeHeaderValue("text/event-stream");
        }
        else if (start.StartsWith("{"u8))
        {
            kept.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        content.Dispose();
        response.Content = kept;
        return response;
    }

    /// <summary>At most <paramref name="limit"/> bytes of the body (grown as it arrives, never allocated up front).</summary>
    private static async Task<byte[]> ReadPrefixAsync(HttpContent content, CancellationToken cancellationToken, int limit = ErrorBodyLimit)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var kept = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (kept.Length < limit && (read = await stream.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - kept.Length)), cancellationToken)) > 0)
        {
            kept.Write(chunk, 0, read);
        }
        return kept.ToArray();
    }

    private static void CopyHeaders(HttpContent from, HttpContent to)
    {
        foreach (var (name, values) in from.Headers)
        {
            if (!string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to.Headers.TryAddWithoutValidation(name, values);
            }
        }
    }

    private static HttpRequestMessage CopyOf(HttpRequestMessage request, Uri uri)
    {
        var copy = new HttpRequestMessage(request.Method, uri)
        {
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
            // The SDK's JSON content serialises again on a second send.
            Content = request.Content,
        };
        foreach (var (name, values) in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }
        return copy;
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        a.IsAbsoluteUri &&
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase) &&
        a.Port == b.Port;
}
