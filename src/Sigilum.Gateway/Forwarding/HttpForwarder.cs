using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Core.Secrets;
using Yarp.ReverseProxy.Forwarder;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Sends one authorised request upstream with the credential injected and streams the answer back. The mechanism is
/// YARP's direct forwarder (<see cref="IHttpForwarder"/>: request and response copy, streaming, trailers, activity
/// timeout); the policy is ours (<see cref="ForwardingTransformer"/>, <see cref="HeaderRules"/>, the echo scrubber,
/// our error codes). One pooled handler serves every request (no HttpClient per request); redirects, cookies and
/// decompression are off so the agent sees exactly what the upstream sent, minus echoed secrets (ADR 0049).
/// </summary>
internal sealed class HttpForwarder : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly ForwardingOptions _options;
    private readonly TimeProvider _time;
    private readonly ServiceProvider _yarpServices;
    private readonly IHttpForwarder _yarp;
    private readonly ForwarderRequestConfig _requestConfig;

    public HttpForwarder(ForwardingOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _invoker = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
        // YARP's forwarder on its own small container: our clock, and no logger, because its Information lines would
        // write every upstream URL (query strings included) to the gateway log; failures reach us as values instead.
        _yarpServices = new ServiceCollection()
            .AddSingleton(time)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddHttpForwarder()
            .BuildServiceProvider();
        _yarp = _yarpServices.GetRequiredService<IHttpForwarder>();
        _requestConfig = new ForwarderRequestConfig
        {
            ActivityTimeout = options.ActivityTimeout,
            // HTTP/2 by ALPN on TLS upstreams, HTTP/1.1 on plain ones.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            // Kestrel must not hold back small writes: SSE events go out as they arrive.
            AllowResponseBuffering = false,
        };
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

    public void Dispose()
    {
        _invoker.Dispose();
        _yarpServices.Dispose();
    }

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
        // Step 1: an announced body over the limit is refused before anything goes upstream.
        if (context.Request.ContentLength > _options.MaxRequestBodyBytes)
        {
            await GatewayErrorResponse.WriteAsync(context, ForwardingErrors.BodyTooLarge);
            return ForwarderError.RequestBodyTooLarge;
        }

        // Step 2: upgrades are refused (ADR 0049): without these features YARP forwards the request as a plain one, and
        // HeaderRules strip its Upgrade/Connection headers, as they always did.
        context.Features.Set<IHttpUpgradeFeature>(null);
        context.Features.Set<IHttpExtendedConnectFeature>(null);

        // Step 3: a body is counted as YARP copies it, and stopped at the limit.
        LimitedRequestBody? body = null;
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? context.Request.ContentLength > 0)
        {
            body = new LimitedRequestBody(context.Request.Body, _options.MaxRequestBodyBytes);
            context.Request.Body = body;
        }

        // What earlier steps put on the response (request id, rotation warning): YARP clears the response on some
        // failures, and our problem answer must still carry them.
        var earlierHeaders = Snapshot(context.Response.Headers);

        // Step 4: send and stream back, with the timeout (our clock) covering only the wait for response headers.
        using var scrubber = decision.Echo is { } shared ? new SecretScrubber(shared) : new SecretScrubber(decision.Secrets, EchoMarker.Gateway);
        using var headersTimeout = new CancellationTokenSource(_options.ResponseHeadersTimeout, _time);
        var transformer = new ForwardingTransformer(decision, scrubber, headersTimeout);
        ForwarderError error;
        try
        {
            var yarpError = await _yarp.SendAsync(
                context, decision.UpstreamBase.OriginalString, _invoker, _requestConfig, transformer, headersTimeout.Token);
            error = await OutcomeAsync(context, yarpError, body, headersTimeout, earlierHeaders);
        }
        finally
        {
            if (transformer.Body is { } scrubbing)
            {
                // The agent's own body feature back in place for anything after us (and for our problem answers).
                context.Features.Set(scrubbing.Inner);
                await scrubbing.DisposeAsync();
            }
        }
        return error;
    }

    /// <summary>
    /// YARP's outcome in our terms (the mapping is <see cref="ForwardingOutcome"/>), with our problem answer written
    /// when the response has not started. After it started YARP has already reset or aborted the agent's connection.
    /// </summary>
    private static async Task<ForwarderError> OutcomeAsync(
        HttpContext context, Yarp.ReverseProxy.Forwarder.ForwarderError yarpError, LimitedRequestBody? body,
        CancellationTokenSource headersTimeout, KeyValuePair<string, StringValues>[] earlierHeaders)
    {
        if (yarpError == Yarp.ReverseProxy.Forwarder.ForwarderError.None)
        {
            return ForwarderError.None;
        }
        var outcome = ForwardingOutcome.Of(
            yarpError,
            bodyLimitExceeded: body?.LimitExceeded == true,
            clientAborted: context.RequestAborted.IsCancellationRequested,
            headersTimedOut: headersTimeout.IsCancellationRequested,
            responseStarted: context.Response.HasStarted,
            timedOut: context.Features.Get<IForwarderErrorFeature>()?.Exception is OperationCanceledException);
        if (context.Response.HasStarted || outcome is ForwarderError.ClientAborted or ForwarderError.UpstreamResponseAborted)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                // Status is already sent: cutting the connection is the only honest signal of a truncated body.
                context.Abort();
            }
            return outcome;
        }
        context.Response.Clear();
        foreach (var (name, values) in earlierHeaders)
        {
            context.Response.Headers[name] = values;
        }
        await GatewayErrorResponse.WriteAsync(context, ForwardingOutcome.ErrorFor(outcome));
        return outcome;
    }

    private static KeyValuePair<string, StringValues>[] Snapshot(IHeaderDictionary headers)
    {
        if (headers.Count == 0)
        {
            return [];
        }
        var copy = new KeyValuePair<string, StringValues>[headers.Count];
        var at = 0;
        foreach (var header in headers)
        {
            copy[at++] = header;
        }
        return copy;
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
}
