using Sigilum.Protocol.Intents;

namespace Sigilum.Sdk.Vault;

/// <summary>
/// Attaches a fresh intent attestation (<c>X-Sigil-Attestation</c>) to every request: it rebuilds Sigil's HTTP
/// intent from the request exactly as the vault will (method as sent, <c>scheme://host[:port]/path?query</c>,
/// pg-commit-v1 via <see cref="HttpIntent"/>), asks the issuer for that intent and sends the request only when
/// the issuer approved. Each send, retries included, gets its own attestation: the vault refuses a reused
/// <c>jti</c>. A refusal throws <see cref="SigilVaultAuthorizationException"/>; nothing reaches the vault then.
/// </summary>
public sealed class SigilVaultAttestationHandler : DelegatingHandler
{
    /// <summary>The header the vault reads the attestation from (sigil-vault-and-peers.md §1).</summary>
    public const string AttestationHeader = "X-Sigil-Attestation";

    private readonly AttestationIssuerClient _issuer;

    /// <summary>
    /// Creates a handler whose issuer calls go through <paramref name="issuerInvoker"/>, which must sign them with
    /// the agent's Sigilum identity (e.g. an <see cref="HttpMessageInvoker"/> over a
    /// <see cref="Signing.SigilumSigningHandler"/>). The handler disposes the invoker.
    /// </summary>
    public SigilVaultAttestationHandler(SigilVaultOptions options, HttpMessageInvoker issuerInvoker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(issuerInvoker);
        options.Validate();
        _issuer = new AttestationIssuerClient(issuerInvoker, options);
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var intent = HttpIntent.Create(request.Method.Method, IntentUrl(request));
        if (!intent.IsSuccess)
        {
            throw new InvalidOperationException($"The request cannot be attested: {intent.Error}");
        }
        var attestation = await _issuer.AuthorizeAsync(intent.Value, cancellationToken).ConfigureAwait(false);
        request.Headers.Remove(AttestationHeader);
        request.Headers.TryAddWithoutValidation(AttestationHeader, attestation);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _issuer.Dispose();
        }
        base.Dispose(disposing);
    }

    // What the vault recomputes: scheme, the CONNECT authority (= Host) and the request-target HttpClient writes
    // (Uri.PathAndQuery, already escaped). A fragment is never sent, so it is not part of the intent.
    private static string IntentUrl(HttpRequestMessage request)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("Sigil Vault requests need an absolute URI; set HttpClient.BaseAddress or use an absolute URL.");
        }
        if (request.Headers.Host is not null)
        {
            throw new InvalidOperationException("Do not set a Host header on Sigil Vault requests: the vault requires Host to equal the URL's authority.");
        }
        var host = uri.HostNameType == UriHostNameType.IPv6 ? "[" + uri.IdnHost.Trim('[', ']') + "]" : uri.IdnHost;
        var authority = uri.IsDefaultPort ? host : host + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return uri.Scheme + "://" + authority + uri.PathAndQuery;
    }
}
