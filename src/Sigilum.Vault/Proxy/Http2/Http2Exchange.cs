using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Proxy.Http2;

/// <summary>
/// One HTTP/2 stream of a tunnel, as Kestrel hands it over. A refusal ends this stream only; a
/// response cut after its headers is reset (RST_STREAM), the other streams go on.
/// </summary>
internal sealed class Http2Exchange(HttpContext context) : IAgentExchange
{
    /// <summary>Connection-specific fields make an HTTP/2 request malformed (RFC 9113 §8.2.2); never carried on.</summary>
    private static readonly string[] ConnectionSpecific = ["Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE"];

    private readonly HttpHead _head = ReadHead(context.Request, context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty);

    public HttpHead Head => _head;

    /// <summary>The raw <c>:path</c> (not Kestrel's decoded path): the intent and the upstream get exactly what the agent sent.</summary>
    public string Target => _head.Target;

    /// <summary>Meaningless on a stream: HTTP/2 multiplexes, the connection's life is Kestrel's.</summary>
    public bool KeepAlive => false;

    /// <summary>The head as <see cref="RequestPipeline"/> reads it: <c>:authority</c> is the <c>Host</c> (Kestrel sets it so), version <c>HTTP/2</c>.</summary>
    public static HttpHead ReadHead(HttpRequest request, string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            if (name.StartsWith(':') || HttpHead.ContainsName(ConnectionSpecific, name))
            {
                continue;
            }
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? string.Empty));
            }
        }
        return new HttpHead(request.Method, rawTarget, "HTTP/2", headers);
    }

    /// <summary>A stated length is exact (Kestrel enforces it); a stream that may carry DATA without one goes upstream chunked.</summary>
    public BodyFraming RequestFraming()
    {
        if (context.Request.ContentLength is { } length)
        {
            return new BodyFraming(BodyKind.Length, length);
        }
        return context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true ? BodyFraming.Chunked : BodyFraming.None;
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
                var n = await context.Request.Body.ReadAsync(buffer, readToken());
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

    public async Task WriteErrorAsync(int status, string code, string message, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return;
        }
        var body = ProxyResponses.ErrorBody(code, message);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers[ProxyHeaders.VaultError] = code;
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
        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            response.Headers.Append(name, value);
        }
        if (hasBody && sendNow)
        {
            // The headers go now: a stream's first event must not wait for its first body bytes.
            await response.Body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Into the response pipe without a flush: Kestrel's <c>Body.WriteAsync</c> flushes every call (a DATA frame and
    /// a TLS record each), <see cref="BuffersExtensions.Write{T}"/> only buffers.
    /// </summary>
    public Task WriteBodyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!data.IsEmpty)
        {
            context.Response.BodyWriter.Write(data.Span);
        }
        return Task.CompletedTask;
    }

    public async Task FlushBodyAsync(CancellationToken cancellationToken) => await context.Response.BodyWriter.FlushAsync(cancellationToken);

    public async Task EndResponseAsync(ReadOnlyMemory<byte> last, CancellationToken cancellationToken)
    {
        if (!last.IsEmpty)
        {
            // Not flushed on its own: CompleteAsync sends it with END_STREAM.
            context.Response.BodyWriter.Write(last.Span);
        }
        await context.Response.CompleteAsync();
    }

    /// <summary>RST_STREAM for this stream only: the agent sees an error, not a short body that looks complete.</summary>
    public void AbortResponse() => context.Abort();
}
