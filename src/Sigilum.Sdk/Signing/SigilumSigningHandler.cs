using Sigilum.Protocol.Signatures;

namespace Sigilum.Sdk.Signing;

/// <summary>
/// Signs every outgoing request with the Sigilum RFC 9421 profile: buffers the body (up to
/// <see cref="SigilumSigningOptions.MaxBodyBytes"/>) to compute <c>content-digest</c>, replaces any
/// Sigilum headers already present and adds the signed ones. Each send, retries included, gets a fresh
/// <c>created</c> and nonce. Register it with <c>AddHttpClient(...).AddSigilumSigning()</c>, or construct it
/// around a <see cref="SigningIdentity"/> you own.
/// </summary>
public sealed class SigilumSigningHandler : DelegatingHandler
{
    private static readonly string[] ReplacedHeaders =
    [
        SigilumHeaders.Namespace, SigilumHeaders.Subject, SigilumHeaders.AgentId, SigilumHeaders.AgentKey,
        SigilumHeaders.AgentCert, SigilumHeaders.ContentDigest, SigilumHeaders.SignatureInput, SigilumHeaders.Signature,
    ];

    private readonly SigningIdentity _identity;
    private readonly SigilumSigningOptions _options;

    /// <summary>
    /// Creates a handler that signs with <paramref name="identity"/>. The handler does not dispose the
    /// identity; its owner does, after the last request.
    /// </summary>
    public SigilumSigningHandler(SigningIdentity identity, SigilumSigningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        options ??= new SigilumSigningOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxBodyBytes, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        _identity = identity;
        _options = options;
    }

    /// <summary>Creates a handler as above that forwards to <paramref name="innerHandler"/>.</summary>
    public SigilumSigningHandler(SigningIdentity identity, SigilumSigningOptions? options, HttpMessageHandler innerHandler)
        : this(identity, options)
    {
        InnerHandler = innerHandler;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = Array.Empty<byte>();
        if (request.Content is { } original)
        {
            body = await RequestBodyBuffer.ReadAsync(original, _options.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
            request.Content = RequestBodyBuffer.Replace(original, body);
            original.Dispose();
        }

        var signed = RequestSigner.Sign(_identity, new SignRequest
        {
            Method = request.Method.Method,
            Url = WireTarget(request),
            Body = body,
            Subject = ChooseSubject(request),
            AgentId = HeaderValue(request, SigilumHeaders.AgentId),
        }, _options.TimeProvider);

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

    /// <summary>
    /// The URL as the server will see it: scheme, the Host header HttpClient sends (or an explicit one),
    /// and the escaped path and query of the request line. Gateways rebuild <c>@target-uri</c> the same
    /// way, so this is what has to be covered (spec §1.4).
    /// </summary>
    private static string WireTarget(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("Sigilum signing needs an absolute request URI; set HttpClient.BaseAddress or use an absolute URL.");
        }
        var authority = request.Headers.Host ?? (uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port);
        if (uri.HostNameType == UriHostNameType.IPv6 && request.Headers.Host is null)
        {
            authority = uri.IsDefaultPort ? $"[{uri.IdnHost.Trim('[', ']')}]" : $"[{uri.IdnHost.Trim('[', ']')}]:{uri.Port}";
        }
        return uri.Scheme + "://" + authority + uri.PathAndQuery;
    }

    // Precedence from the reference SDKs: explicit option, then a header the caller set, then the namespace.
    private string? ChooseSubject(HttpRequestMessage request) =>
        !string.IsNullOrWhiteSpace(_options.Subject) ? _options.Subject : HeaderValue(request, SigilumHeaders.Subject);

    private static string? HeaderValue(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
