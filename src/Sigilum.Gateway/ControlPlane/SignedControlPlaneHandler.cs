using Sigilum.Core.Usage.Reporting;
using System.Globalization;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// Signs every request the gateway sends to the control plane with the gateway's own identity (the
/// Sigilum RFC 9421 profile, spec §1): the body is buffered (unless it is a <see cref="BufferedBodyContent"/>, which
/// already is) so <c>content-digest</c> covers exactly the bytes sent, and each send gets a fresh <c>created</c> and nonce. The control plane authenticates the
/// gateway as a node registered to its namespace by this signature (stream, claims, usage, witness).
/// </summary>
/// <remarks>
/// The subject defaults to the gateway's namespace; a caller filing for an agent sets
/// <see cref="SubjectOption"/> on the request (spec §3.6 step 2: "subject = the agent's subject").
/// </remarks>
internal sealed class SignedControlPlaneHandler : DelegatingHandler
{
    /// <summary>Bodies the gateway sends the control plane are small JSON documents; anything bigger is a bug.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Per-request subject override (the agent's subject when filing a claim on its behalf).</summary>
    public static readonly HttpRequestOptionsKey<string> SubjectOption = new("Sigilum.Gateway.ControlPlane.Subject");

    private static readonly string[] ReplacedHeaders =
    [
        SigilumHeaders.Namespace, SigilumHeaders.Subject, SigilumHeaders.AgentId, SigilumHeaders.AgentKey,
        SigilumHeaders.AgentCert, SigilumHeaders.ContentDigest, SigilumHeaders.SignatureInput, SigilumHeaders.Signature,
    ];

    private readonly SigningIdentity _identity;
    private readonly TimeProvider _time;

    /// <param name="identity">The gateway's identity; not disposed here (its owner, the host, does).</param>
    /// <param name="time">The wall clock for <c>created</c>.</param>
    /// <param name="innerHandler">Where signed requests go (a <see cref="SocketsHttpHandler"/> in production).</param>
    public SignedControlPlaneHandler(SigningIdentity identity, TimeProvider time, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(time);
        _identity = identity;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReadOnlyMemory<byte> body = Array.Empty<byte>();
        if (request.Content is BufferedBodyContent buffered)
        {
            // Already in memory: signed and sent as it is, without a second copy.
            body = buffered.Body.Length <= MaxBodyBytes
                ? buffered.Body
                : throw new InvalidOperationException($"A control-plane request body may not exceed {MaxBodyBytes} bytes.");
        }
        else if (request.Content is { } original)
        {
            var bytes = await BufferAsync(original, cancellationToken).ConfigureAwait(false);
            body = bytes;
            var replacement = new ByteArrayContent(bytes);
            foreach (var header in original.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
            request.Content = replacement;
            original.Dispose();
        }
        request.Options.TryGetValue(SubjectOption, out var subject);
        var signed = RequestSigner.Sign(_identity, new SignRequest
        {
            Method = request.Method.Method,
            Url = WireTarget(request),
            Body = body,
            Subject = subject,
        }, _time);
        foreach (var name in ReplacedHeaders)
        {
            request.Headers.Remove(name);
        }
        foreach (var header in signed.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<byte[]> BufferAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is > MaxBodyBytes)
        {
            throw new InvalidOperationException($"A control-plane request body may not exceed {MaxBodyBytes} bytes.");
        }
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return bytes.Length <= MaxBodyBytes ? bytes : throw new InvalidOperationException($"A control-plane request body may not exceed {MaxBodyBytes} bytes.");
    }

    /// <summary>
    /// <c>@target-uri</c> as the control plane rebuilds it (spec §1.4): scheme, the Host header that goes
    /// on the wire, and the escaped path and query of the request line.
    /// </summary>
    private static string WireTarget(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("Control-plane requests need an absolute URI.");
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost.Trim('[', ']') + "]" : uri.IdnHost;
        var authority = request.Headers.Host ?? (uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture));
        return uri.Scheme + "://" + authority + uri.PathAndQuery;
    }
}
