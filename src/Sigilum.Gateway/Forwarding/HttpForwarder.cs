using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Sends one authorised request upstream with the credential injected and streams the answer back.
/// One pooled handler serves every request (no HttpClient per request); redirects, cookies and
/// decompression are off so the agent sees exactly what the upstream sent, minus echoed secrets.
/// </summary>
internal sealed class HttpForwarder : IDisposable
{
    private const int ChunkSize = 16 * 1024;

    private readonly HttpMessageInvoker _invoker;
    private readonly ForwardingOptions _options;
    private readonly TimeProvider _time;

    public HttpForwarder(ForwardingOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _invoker = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    /// <summary>The shared handler: pooled connections, nothing automatic that could change or re-send a request.</summary>
    internal static SocketsHttpHandler CreateHandler(ForwardingOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.ConnectTimeout,
            EnableMultipleHttp2Connections = true,
            // The agent's trace headers are forwarded as-is; we add none of our own.
            ActivityHeadersPropagator = null,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            // Injected values are written from their byte buffers, never turned into strings (MEM-02).
            RequestHeaderEncodingSelector = InjectedValueEncoding.Select,
        };
        if (options.ServerCertificateValidation is { } validate)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = validate;
        }
        return handler;
    }

    public void Dispose() => _invoker.Dispose();

    /// <summary>
    /// Forwards <paramref name="context"/>'s request per <paramref name="decision"/>. Errors before the
    /// response starts are written as problem+json; after it starts the client connection is aborted.
    /// Every secret in the decision is zeroed before this returns.
    /// </summary>
    public async Task<ForwarderError> ForwardAsync(HttpContext context, ForwardingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(decision);
        try
        {
            return await ForwardCoreAsync(context, decision);
        }
        finally
        {
            foreach (var header in decision.Headers)
            {
                Array.Clear(header.Value);
            }
            foreach (var secret in decision.Secrets)
            {
                Array.Clear(secret);
            }
        }
    }

    private async Task<ForwarderError> ForwardCoreAsync(HttpContext context, ForwardingDecision decision)
    {
        var clientAborted = context.RequestAborted;

        // Step 1: an announced body over the limit is refused before anything goes upstream.
        if (context.Request.ContentLength > _options.MaxRequestBodyBytes)
        {
            await GatewayErrorResponse.WriteAsync(context, ForwardingErrors.BodyTooLarge);
            return ForwarderError.RequestBodyTooLarge;
        }

        // Step 2: agent → upstream request.
        using var request = BuildRequest(context, decision, out var content);

        // Step 3: send, with the timeout covering only the wait for response headers.
        using var headersTimeout = new CancellationTokenSource(_options.ResponseHeadersTimeout, _time);
        using var sendCts = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, headersTimeout.Token);
        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(request, sendCts.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            if (content?.LimitExceeded == true)
            {
                return await FailAsync(context, ForwardingErrors.BodyTooLarge, ForwarderError.RequestBodyTooLarge);
            }
            if (clientAborted.IsCancellationRequested)
            {
                return ForwarderError.ClientAborted;
            }
            // A connect timeout surfaces as a cancellation without ours firing: still "no answer in time".
            if (headersTimeout.IsCancellationRequested || ex is OperationCanceledException || ex.InnerException is TimeoutException)
            {
                return await FailAsync(context, ForwardingErrors.UpstreamTimeout, ForwarderError.UpstreamTimeout);
            }
            return await FailAsync(context, ForwardingErrors.UpstreamError, ForwarderError.UpstreamUnreachable);
        }

        using (response)
        {
            // Headers arrived: a long stream must not be cut by the headers cap.
            headersTimeout.CancelAfter(Timeout.InfiniteTimeSpan);

            // Step 4: upstream → agent status and headers, every spelling of an echoed secret replaced (PRX-18).
            using var scrubber = decision.Echo is { } shared ? new SecretScrubber(shared) : new SecretScrubber(decision.Secrets, EchoMarker.Gateway);
            CopyResponseHeaders(context, response, scrubber);

            // Step 5: upstream → agent body, chunk by chunk.
            return await CopyResponseBodyAsync(context, response, scrubber, clientAborted);
        }
    }

    private HttpRequestMessage BuildRequest(HttpContext context, ForwardingDecision decision, out StreamingRequestContent? content)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), BuildUri(decision))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        content = null;
        var canHaveBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? incoming.ContentLength > 0;
        if (canHaveBody)
        {
            content = new StreamingRequestContent(incoming.Body, _options.MaxRequestBodyBytes, context.RequestAborted);
            request.Content = content;
            if (incoming.ContentLength is { } length)
            {
                // Keep the agent's framing: a known length stays a known length upstream.
                content.Headers.ContentLength = length;
            }
        }

        var injected = new HashSet<string>(decision.Headers.Select(h => h.Name), StringComparer.OrdinalIgnoreCase);
        var connectionNamed = HeaderRules.ConnectionNamed(incoming.Headers);
        foreach (var (name, values) in incoming.Headers)
        {
            if (!HeaderRules.IsForwardedRequestHeader(name, connectionNamed, injected))
            {
                continue;
            }
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // HttpRequestMessage only takes strings: it carries a placeholder, and the handler's encoding selector
        // writes the secret bytes in its place on the wire (InjectedValueEncoding, MEM-02).
        var encodings = new Dictionary<string, Encoding>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in decision.Headers)
        {
            var encoding = new InjectedValueEncoding(header.Value);
            encodings[header.Name] = encoding;
            if (!request.Headers.TryAddWithoutValidation(header.Name, encoding.Placeholder))
            {
                content?.Headers.TryAddWithoutValidation(header.Name, encoding.Placeholder);
            }
        }
        if (encodings.Count > 0)
        {
            request.Options.Set(InjectedValueEncoding.OptionKey, encodings);
        }
        return request;
    }

    internal static Uri BuildUri(ForwardingDecision decision)
    {
        var baseUri = decision.UpstreamBase.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var rest = decision.PathAndQuery;
        if (rest.Length == 0)
        {
            return new Uri(baseUri + "/");
        }
        return new Uri(rest[0] is '/' or '?' ? baseUri + rest : baseUri + "/" + rest);
    }

    private static void CopyResponseHeaders(HttpContext context, HttpResponseMessage response, SecretScrubber scrubber)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        var connectionNamed = HeaderRules.ConnectionNamed(response);
        foreach (var (name, values) in response.Headers)
        {
            CopyResponseHeader(outgoing, name, values, connectionNamed, scrubber);
        }
        foreach (var (name, values) in response.Content.Headers)
        {
            CopyResponseHeader(outgoing, name, values, connectionNamed, scrubber);
        }
    }

    private static void CopyResponseHeader(HttpResponse outgoing, string name, IEnumerable<string> values, HashSet<string> connectionNamed, SecretScrubber scrubber)
    {
        if (HeaderRules.IsHopByHop(name, connectionNamed))
        {
            return;
        }
        // Scrubbing can change the body's length, so a declared length would be wrong (a body read whole sets its own).
        if (!scrubber.IsEmpty && name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        outgoing.Headers[name] = HeaderRules.Scrub(values, scrubber);
    }

    private static async Task<ForwarderError> CopyResponseBodyAsync(
        HttpContext context, HttpResponseMessage response, SecretScrubber scrubber, CancellationToken clientAborted)
    {
        // Kestrel must not hold back small writes: SSE events go out as they arrive.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var declaredLength = response.Content.Headers.ContentLength;
        using var output = scrubber.IsEmpty ? null : new PooledBufferWriter(ChunkSize);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        var started = false;
        try
        {
            await using var upstream = await response.Content.ReadAsStreamAsync(clientAborted);
            while (true)
            {
                int read;
                try
                {
                    var next = upstream.ReadAsync(buffer.AsMemory(0, ChunkSize), clientAborted);
                    if (!started && !next.IsCompleted)
                    {
                        // The upstream is still thinking (a stream, a slow body): the agent gets the status and headers
                        // now. A body already at hand goes out with them in one write instead (issue #13).
                        var pending = next.AsTask();
                        await context.Response.StartAsync(clientAborted);
                        started = true;
                        read = await pending;
                    }
                    else
                    {
                        read = await next;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !clientAborted.IsCancellationRequested)
                {
                    // Status is already sent: cutting the connection is the only honest signal of a truncated body.
                    context.Abort();
                    return ForwarderError.UpstreamResponseAborted;
                }
                if (!started && read == declaredLength)
                {
                    // The whole declared body arrived with the headers (the common small answer): scrubbed in full, it
                    // goes out in the same write as the headers, with its real length instead of chunked framing.
                    await WriteWholeBodyAsync(context, buffer.AsMemory(0, read), scrubber, output, clientAborted);
                    return ForwarderError.None;
                }
                started = true;
                if (read == 0)
                {
                    break;
                }
                if (output is null)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), clientAborted);
                }
                else
                {
                    output.Reset();
                    scrubber.Process(buffer.AsSpan(0, read), output);
                    await context.Response.Body.WriteAsync(output.WrittenMemory, clientAborted);
                }
                await context.Response.Body.FlushAsync(clientAborted);
            }
            if (output is not null)
            {
                output.Reset();
                scrubber.Flush(output);
                await context.Response.Body.WriteAsync(output.WrittenMemory, clientAborted);
            }
            return ForwarderError.None;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && clientAborted.IsCancellationRequested)
        {
            // Disposing the response (caller's using) closes the upstream connection, so the upstream sees the cancel.
            return ForwarderError.ClientAborted;
        }
        finally
        {
            Array.Clear(buffer, 0, ChunkSize);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes a complete body before the response has started: scrubbed (when there is anything to scrub) with its
    /// <c>Content-Length</c> set to the scrubbed size, so headers and body leave in one write and the agent sees a
    /// framed answer. An unscrubbed body keeps the upstream's length, which <see cref="CopyResponseHeaders"/> copied.
    /// </summary>
    private static async Task WriteWholeBodyAsync(HttpContext context, ReadOnlyMemory<byte> body, SecretScrubber scrubber, PooledBufferWriter? output, CancellationToken clientAborted)
    {
        if (output is not null)
        {
            output.Reset();
            scrubber.Process(body.Span, output);
            scrubber.Flush(output);
            body = output.WrittenMemory;
            context.Response.ContentLength = body.Length;
        }
        if (body.Length > 0)
        {
            await context.Response.Body.WriteAsync(body, clientAborted);
        }
    }

    private static async Task<ForwarderError> FailAsync(HttpContext context, GatewayError error, ForwarderError outcome)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return outcome;
        }
        await GatewayErrorResponse.WriteAsync(context, error);
        return outcome;
    }
}
