using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>
/// One agent request as Kestrel hands it over: an HTTP/1.x request on a tunnel (or a plain-HTTP connection) or one
/// HTTP/2 stream. Kestrel parses and frames both ways (chunked or close-delimited on HTTP/1.x, DATA frames on
/// HTTP/2); a refusal closes an HTTP/1.x connection and ends only its stream on HTTP/2; a response cut after its
/// headers is aborted (the connection on HTTP/1.x, RST_STREAM on HTTP/2) so it never looks complete (PRX-14).
/// </summary>
internal sealed class KestrelExchange : IAgentExchange
{
    /// <summary>Connection-specific fields make an HTTP/2 request malformed (RFC 9113 §8.2.2); never carried on.</summary>
    private static readonly string[] ConnectionSpecific = ["Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE"];

    /// <summary>Where Kestrel puts a <c>Content-Length</c> that came with <c>Transfer-Encoding</c>.</summary>
    private const string MovedContentLength = "X-Content-Length";

    private readonly HttpContext _context;
    private readonly HttpHead _head;
    private readonly bool _http2;
    private readonly bool _plain;
    private bool _ended;

    public KestrelExchange(HttpContext context, TunnelTarget target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(target);
        _context = context;
        _http2 = HttpProtocol.IsHttp2(context.Request.Protocol);
        // A plain-HTTP connection was admitted for its first request only: the next one authenticates afresh.
        _plain = target.Scheme == "http";
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        _head = ReadHead(context.Request, raw);
        Target = _plain ? OriginForm(raw) : raw;
    }

    public HttpHead Head => _head;

    /// <summary>
    /// The raw target (not Kestrel's decoded path): the intent and the upstream get exactly what the agent sent. A
    /// plain-HTTP request's absolute form (<c>http://host/path</c>) becomes its origin form; Kestrel has already
    /// checked that its authority and <c>Host</c> agree.
    /// </summary>
    public string Target { get; }

    /// <summary>The response was answered completely; whether the connection goes on is Kestrel's to decide.</summary>
    public bool KeepAlive => _ended;

    /// <summary>
    /// The head as <see cref="RequestPipeline"/> reads it: <c>:authority</c> is the <c>Host</c> (Kestrel sets it so).
    /// HTTP/1.x keeps every field as received (the framing fields are checked, the upstream head drops hop-by-hop ones);
    /// HTTP/2 drops the connection-specific ones.
    /// </summary>
    public static HttpHead ReadHead(HttpRequest request, string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(request);
        var http2 = HttpProtocol.IsHttp2(request.Protocol);
        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(':') || (http2 && HttpHead.ContainsName(ConnectionSpecific, name)))
            {
                continue;
            }
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }
        return new HttpHead(request.Method, rawTarget, http2 ? "HTTP/2" : request.Protocol, headers);
    }

    /// <summary>
    /// HTTP/1.x: the framing fields as received, read as strictly as before Kestrel served them (PRX-08: one
    /// <c>Content-Length</c>, <c>chunked</c> alone and last); Kestrel enforces what it then decodes. HTTP/2: a stated
    /// length is exact (Kestrel enforces it); a stream that may carry DATA without one goes upstream chunked.
    /// </summary>
    public BodyFraming RequestFraming()
    {
        if (!_http2)
        {
            // Kestrel takes Transfer-Encoding over Content-Length (RFC 9112 §6.1) and moves the length out of the way,
            // into X-Content-Length: the one sign left that the agent sent both. Ambiguous framing is refused (PRX-08).
            if (_head.Values("Transfer-Encoding").Count > 0 && _head.Values(MovedContentLength).Count > 0)
            {
                throw new HttpMessageException("bad_framing", "Both Content-Length and Transfer-Encoding.");
            }
            return BodyFraming.ForRequest(_head);
        }
        if (_context.Request.ContentLength is { } length)
        {
            return new BodyFraming(BodyKind.Length, length);
        }
        return _context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true ? BodyFraming.Chunked : BodyFraming.None;
    }

    /// <summary><c>http://host[:port]/path?query</c> → <c>/path?query</c> (<c>/</c> when there is no path).</summary>
    private static string OriginForm(string absolute)
    {
        var scheme = absolute.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            // Not absolute form: the pipeline refuses what does not start with '/'.
            return absolute;
        }
        var rest = absolute[(scheme + 3)..];
        var end = rest.IndexOfAny(['/', '?']);
        return end < 0 ? "/" : rest[end] == '?' ? "/" + rest[end..] : rest[end..];
    }

    /// <summary>Kestrel answers <c>Expect: 100-continue</c> itself when the body is first read.</summary>
    public Task ContinueAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<long> CopyBodyAsync(BodyFraming framing, Func<ReadOnlyMemory<byte>, Task> sink, long maxBytes, Func<CancellationToken> readToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(readToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long total = 0;
        try
        {
            while (true)
            {
                var n = await ReadAsync(buffer, readToken());
                if (n == 0)
                {
                    return total;
                }
                total += n;
                if (total > maxBytes)
                {
                    throw new HttpMessageException("body_too_large", "The body is larger than allowed.");
                }
                await sink(buffer.AsMemory(0, n));
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own framing checks: DATA beyond or short of content-length, an oversized body.
            throw new HttpMessageException(ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "body_too_large" : "truncated_body", "The request body does not match its framing.");
        }
        catch (ConnectionAbortedException ex)
        {
            throw new IOException("The request stream was reset.", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    /// <summary>
    /// One read of the agent's body. On HTTP/1.x Kestrel reports a chunk size that overflows as an
    /// <see cref="IOException"/>: that is the agent's bad framing (PRX-09, a 400), not a failed upstream.
    /// </summary>
    private async ValueTask<int> ReadAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await _context.Request.Body.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException ex) when (!_http2 && ex is not ConnectionResetException)
        {
            throw new HttpMessageException("bad_framing", "The request body's chunked framing is malformed.");
        }
    }

    public async Task WriteErrorAsync(int status, string code, string message, CancellationToken cancellationToken)
    {
        var response = _context.Response;
        if (response.HasStarted)
        {
            _context.Abort();
            return;
        }
        var body = ProxyResponses.ErrorBody(code, message);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers[ProxyHeaders.VaultError] = code;
        if (!_http2)
        {
            // Every refusal ends an HTTP/1.x connection: nothing after it is read as a request (PRX-06, PRX-08).
            response.Headers.Connection = "close";
        }
        try
        {
            await response.Body.WriteAsync(body, cancellationToken);
            await response.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The stream is gone; there is nobody left to tell.
        }
    }

    public async Task StartResponseAsync(int status, string reason, IReadOnlyList<KeyValuePair<string, string>> headers, bool hasBody, bool sendNow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var response = _context.Response;
        response.StatusCode = status;
        if (!_http2)
        {
            _context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = reason;
        }
        foreach (var (name, value) in headers)
        {
            response.Headers.Append(name, value);
        }
        if (_plain)
        {
            response.Headers.Connection = "close";
        }
        if (hasBody && sendNow)
        {
            // The headers go now: a stream's first event must not wait for its first body bytes.
            await response.Body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Into the response pipe without a flush: Kestrel's <c>Body.WriteAsync</c> flushes every call (a DATA frame or a
    /// chunk, and a TLS record each), <see cref="Buffer"/> only buffers.
    /// </summary>
    public Task WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!data.IsEmpty)
        {
            Buffer(data.Span);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Copies into the response pipe, asking for a size each time: HTTP/1.1's chunked writer may hand out an empty
    /// span to a caller that names none (which <see cref="BuffersExtensions.Write{T}"/> does).
    /// </summary>
    private void Buffer(ReadOnlySpan<byte> data)
    {
        var writer = _context.Response.BodyWriter;
        while (!data.IsEmpty)
        {
            var span = writer.GetSpan(Math.Min(data.Length, 4096));
            var n = Math.Min(span.Length, data.Length);
            data[..n].CopyTo(span);
            writer.Advance(n);
            data = data[n..];
        }
    }

    public async Task FlushBodyAsync(CancellationToken cancellationToken) => await _context.Response.BodyWriter.FlushAsync(cancellationToken);

    public async Task EndResponseAsync(ReadOnlyMemory<byte> last, CancellationToken cancellationToken)
    {
        if (!last.IsEmpty)
        {
            // Not flushed on its own: CompleteAsync sends it with END_STREAM.
            Buffer(last.Span);
        }
        await _context.Response.CompleteAsync();
        _ended = true;
    }

    /// <summary>RST_STREAM for this stream only (HTTP/2), the connection (HTTP/1.x): the agent sees an error, not a short body that looks complete.</summary>
    public void AbortResponse() => _context.Abort();
}
