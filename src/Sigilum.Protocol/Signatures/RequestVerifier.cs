using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Verifies a request signed with the Sigilum profile. Checks run in the reference SDK's order
/// (spec §1.6) so each failure reports the same code, with two deliberate differences documented in
/// docs/protocol.md: repeated profile headers are refused first, and the nonce is recorded only after
/// the signature verifies.
/// </summary>
public static partial class RequestVerifier
{
    /// <summary>Verifies <paramref name="request"/> under <paramref name="options"/>. Never throws on bad input.</summary>
    public static VerificationResult Verify(VerifyRequest request, VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return VerifyCore(request, options);
        }
#pragma warning disable CA1031 // Any fault in verification must become a deny with a code, never an escape (INV-4).
        catch (Exception)
#pragma warning restore CA1031
        {
            return VerificationResult.Fail(ErrorCatalogue.SigInternalError, "Signature verification failed unexpectedly.");
        }
    }

    private static VerificationResult VerifyCore(VerifyRequest request, VerifyOptions options)
    {
        // 0a. A field named like a derived component ("@method") is never read as one; a request carrying one is
        // refused outright, since Kestrel lets such names through (reliability SIG-11).
        foreach (var (name, _) in request.Headers)
        {
            if (name.StartsWith('@'))
            {
                return VerificationResult.Fail(ErrorCatalogue.SigHeaderNameInvalid, "A request header is named like a derived signature component (it starts with @).");
            }
        }

        // 0. Profile headers must each appear at most once (reliability SIG-04, SIG-05, SIG-18).
        var headers = HeaderTable.From(request.Headers, out var duplicated);
        if (duplicated is not null)
        {
            return VerificationResult.Fail(ErrorCatalogue.SigDuplicateHeader, $"The {duplicated} header appears more than once; the signature is ambiguous.");
        }

        // 1. Signature headers present.
        var signatureInput = headers.Get(SigilumHeaders.SignatureInput);
        var signatureHeader = headers.Get(SigilumHeaders.Signature);
        if (signatureInput is null || signatureHeader is null)
        {
            return VerificationResult.Fail(ErrorCatalogue.SigMissingSignatureHeaders, "Missing signature-input or signature header.");
        }

        // 2–3. Parameters in the exact profile shape; created positive; alg ed25519.
        var parsed = SignatureParams.Parse(signatureInput);
        if (!parsed.IsSuccess)
        {
            return VerificationResult.Fail(parsed.Error.Code, parsed.Error.Reason);
        }
        var parameters = parsed.Value;
        if (parameters.Created <= 0)
        {
            return VerificationResult.Fail(ErrorCatalogue.SigCreatedInvalid, "The signature created parameter must be a positive Unix time.");
        }
        if (!string.Equals(parameters.Algorithm, SigilumHeaders.Algorithm, StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigAlgorithmUnsupported, "Unsupported signature algorithm; only ed25519 is accepted.");
        }
        if (!IsValidNonce(parameters.Nonce))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigNonceInvalid, "The signature nonce must be 22 to 128 base64url characters of a random value.");
        }

        // 4. Created window.
        if (options.MaxAge is { } maxAge)
        {
            var now = options.Time.GetUtcNow().ToUnixTimeSeconds();
            var age = now - parameters.Created;
            if (age > (long)maxAge.TotalSeconds || -age > (long)options.FutureSkew.TotalSeconds)
            {
                return VerificationResult.Fail(ErrorCatalogue.SigTimestampOutOfRange, "Signature expired or not yet valid: created is outside the allowed window.");
            }
        }

        return VerifySignedContent(request, options, headers, parameters, signatureHeader);
    }

    /// <summary>
    /// The nonce rule (reliability RPL-05, ADR 0025): 22–128 characters of the base64url alphabet
    /// (22 characters carry 128 bits; the reference SDKs' UUIDv4 is 36 characters of hex and dashes), with
    /// at least <see cref="SignatureParams.MinNonceDistinctCharacters"/> distinct characters so a constant
    /// string such as "aaaa…" is refused. A random UUID fails that last test with a probability below 10⁻¹¹.
    /// </summary>
    internal static bool IsValidNonce(string nonce)
    {
        if (nonce.Length is < SignatureParams.MinNonceLength or > SignatureParams.MaxNonceLength)
        {
            return false;
        }
        Span<bool> seen = stackalloc bool[128];
        var distinct = 0;
        foreach (var c in nonce)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_'))
            {
                return false;
            }
            if (!seen[c])
            {
                seen[c] = true;
                distinct++;
            }
        }
        return distinct >= SignatureParams.MinNonceDistinctCharacters;
    }
}
