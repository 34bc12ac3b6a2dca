using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Sigilum.Core.Secrets;
using Yarp.ReverseProxy.Forwarder;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// The policy of one exchange, applied at YARP's transform points: which request headers cross (<see cref="HeaderRules"/>),
/// what is injected (the decision's headers, written from their bytes, MEM-02), where the request goes, which response
/// headers and trailers come back, and the echo scrubber on all of them and on the body. YARP (the mechanism) decides
/// none of this; it only moves the bytes. One instance per request: it holds that request's decision and scrubber.
/// </summary>
internal sealed class ForwardingTransformer : HttpTransformer
{
    private readonly ForwardingDecision _decision;
    private readonly SecretScrubber _scrubber;
    private readonly CancellationTokenSource _headersTimeout;

    public ForwardingTransformer(ForwardingDecision decision, SecretScrubber scrubber, CancellationTokenSource headersTimeout)
    {
        _decision = decision;
        _scrubber = scrubber;
        _headersTimeout = headersTimeout;
    }

    /// <summary>The scrubbing body feature installed for this response, if any (the forwarder puts the agent's back).</summary>
    public ScrubbingResponseBody? Body { get; private set; }

    /// <summary>True once the upstream's status and headers were copied to the agent's response.</summary>
    public bool ResponseHeadersCopied { get; private set; }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var incoming = httpContext.Request;
        proxyRequest.RequestUri = HttpForwarder.BuildUri(_decision);
        var content = proxyRequest.Content;
        if (content is not null && incoming.ContentLength is { } length)
        {
            // Keep the agent's framing: a known length stays a known length upstream.
            content.Headers.ContentLength = length;
        }

        var injected = InjectedNames();
        var connectionNamed = HeaderRules.ConnectionNamed(incoming.Headers);
        foreach (var (name, values) in incoming.Headers)
        {
            if (!HeaderRules.IsForwardedRequestHeader(name, connectionNamed, injected))
            {
                continue;
            }
            if (!proxyRequest.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        // TE is hop-by-hop, but "trailers" (the one value HTTP/2 allows) is true of our hop too: the handler reads
        // trailers and the transform below passes them on. gRPC upstreams insist on it.
        if (HeaderRules.AcceptsTrailers(incoming.Headers.TE))
        {
            proxyRequest.Headers.TryAddWithoutValidation("TE", "trailers");
        }

        // HttpRequestMessage only takes strings: it carries a placeholder, and the handler's encoding selector
        // writes the secret bytes in its place on the wire (InjectedValueEncoding, MEM-02).
        if (_decision.Headers.Count > 0)
        {
            var encodings = new Dictionary<string, Encoding>(_decision.Headers.Count, StringComparer.OrdinalIgnoreCase);
            foreach (var header in _decision.Headers)
            {
                var encoding = new InjectedValueEncoding(header.Value);
                encodings[header.Name] = encoding;
                if (!proxyRequest.Headers.TryAddWithoutValidation(header.Name, encoding.Placeholder))
                {
                    content?.Headers.TryAddWithoutValidation(header.Name, encoding.Placeholder);
                }
            }
            proxyRequest.Options.Set(InjectedValueEncoding.OptionKey, encodings);
        }
        return default;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null)
        {
            // YARP's failure path: the forwarder writes our problem body.
            return new ValueTask<bool>(false);
        }
        // Headers arrived: a long stream must not be cut by the headers cap (the activity timeout still guards it).
        _headersTimeout.CancelAfter(Timeout.InfiniteTimeSpan);
        if (proxyResponse.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            // We never ask for an upgrade (ADR 0049): a 101 is an upstream fault, and an opaque tunnel would carry
            // echoed secrets past the scrubber. Thrown here, YARP answers 502 (ResponseHeaders) and never upgrades.
            throw new HttpRequestException(HttpRequestError.InvalidResponse, "The upstream switched protocols unasked.");
        }

        var outgoing = httpContext.Response;
        var connectionNamed = HeaderRules.ConnectionNamed(proxyResponse);
        foreach (var (name, values) in proxyResponse.Headers)
        {
            CopyResponseHeader(outgoing.Headers, name, values, connectionNamed);
        }
        foreach (var (name, values) in proxyResponse.Content.Headers)
        {
            CopyResponseHeader(outgoing.Headers, name, values, connectionNamed);
        }
        ResponseHeadersCopied = true;

        if (!_scrubber.IsEmpty)
        {
            var agentBody = httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            Body = new ScrubbingResponseBody(httpContext, agentBody, _scrubber, proxyResponse.Content.Headers.ContentLength);
            httpContext.Features.Set<IHttpResponseBodyFeature>(Body);
        }
        return new ValueTask<bool>(true);
    }

    public override async ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken)
    {
        // The body has ended: the scrubber's held-back tail goes out before anything that completes the response.
        if (Body is not null)
        {
            await Body.FinishAsync(cancellationToken);
        }
        var trailers = httpContext.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is null || trailers.IsReadOnly || proxyResponse.TrailingHeaders.NonValidated.Count == 0)
        {
            return;
        }
        foreach (var (name, values) in proxyResponse.TrailingHeaders)
        {
            CopyResponseHeader(trailers, name, values, HeaderRules.NoneNamed);
        }
    }

    private HashSet<string> InjectedNames()
    {
        if (_decision.Headers.Count == 0)
        {
            return HeaderRules.NoneNamed;
        }
        var names = new HashSet<string>(_decision.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var header in _decision.Headers)
        {
            names.Add(header.Name);
        }
        return names;
    }

    private void CopyResponseHeader(IHeaderDictionary outgoing, string name, IEnumerable<string> values, HashSet<string> connectionNamed)
    {
        if (HeaderRules.IsHopByHop(name, connectionNamed))
        {
            return;
        }
        // Scrubbing can change the body's length, so a declared length would be wrong (a body read whole sets its own).
        if (!_scrubber.IsEmpty && name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        outgoing[name] = _scrubber.IsEmpty ? ToStringValues(values) : HeaderRules.Scrub(values, _scrubber);
    }

    private static StringValues ToStringValues(IEnumerable<string> values) =>
        values is IReadOnlyList<string> { Count: 1 } one ? new StringValues(one[0]) : new StringValues([.. values]);
}
