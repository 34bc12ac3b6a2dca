using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Signatures;

namespace Sigilum.AspNetCore.Authentication;

/// <summary>
/// Verifies a Sigilum-signed request against exactly what was received: the raw request target and Host
/// header, the buffered body, and the nonce recorded by the host's replay guard (docs/decisions/0058): on a single
/// instance an in-memory set behind a start epoch, several instances the shared store's insert-if-absent, so a
/// replay is caught across restarts and instances either way. Maps <c>SIG_*</c> codes to the API's codes (spec §4.2).
/// </summary>
public sealed class SignedRequestAuthenticator(IReplayGuard nonces, TimeProvider time, IOptions<SignatureOptions> options)
{
    private static readonly object CallerKey = new();

    /// <summary>The caller verified earlier in this request, or null.</summary>
    public static SignedCaller? GetCaller(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(CallerKey, out var caller) ? caller as SignedCaller : null;
    }

    /// <summary>Verifies the request; on success the caller is stored on the context and null returned.</summary>
    public async Task<(SignedCaller? Caller, ApiError? Error, string? Detail)> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = options.Value;
        var body = await RequestBodyBuffer.ReadAsync(context.Request, settings.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return (null, ApiErrors.BodyTooLarge, null);
        }
        var request = new VerifyRequest
        {
            Method = context.Request.Method,
            TargetUri = TargetUri(context),
            Headers = ReceivedHeaders(context),
            Body = body,
        };
        var result = RequestVerifier.Verify(request, new VerifyOptions
        {
            Time = time,
            MaxAge = TimeSpan.FromSeconds(settings.MaxAgeSeconds),
            FutureSkew = TimeSpan.FromSeconds(settings.FutureSkewSeconds),
        });
        if (!result.IsValid)
        {
            return (null, MapFailure(result.Code), result.Reason);
        }

        // Replay check last, only for authentic requests (docs/decisions/0001).
        NonceRecordResult recorded;
        try
        {
            var now = time.GetUtcNow();
            // A signature created before this process's replay epoch is refused as a replay (the previous process may
            // have accepted it); the client re-signs.
            recorded = await nonces.TryRecordAsync("sig:" + result.Namespace, result.Nonce!, DateTimeOffset.FromUnixTimeSeconds(result.Created),
                now.AddSeconds(settings.NonceTtlSeconds), now, context.RequestAborted);
        }
#pragma warning disable CA1031 // A nonce store we cannot write means we cannot rule out a replay: deny (RPL-13).
        catch (Exception) when (!context.RequestAborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return (null, ApiErrors.NonceStoreUnavailable, null);
        }
        if (recorded != NonceRecordResult.Recorded)
        {
            return recorded == NonceRecordResult.Replayed
                ? (null, ApiErrors.SignatureNonceReplay, "Replay detected: this signature nonce was already used.")
                : (null, ApiErrors.NonceStoreUnavailable, "Replay protection is at capacity; try again later.");
        }

        var caller = new SignedCaller
        {
            Namespace = result.Namespace!,
            Subject = result.Subject!,
            PublicKey = result.PublicKey!,
            KeyId = result.KeyId!,
            AgentId = result.AgentId,
        };
        context.Items[CallerKey] = caller;
        return (caller, null, null);
    }

    /// <summary>
    /// Every received header line as a (name, value) pair, a repeated field as several pairs, in one exactly sized list
    /// (no LINQ per request: issue #13).
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ReceivedHeaders(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Request.Headers;
        var count = 0;
        foreach (var (_, values) in headers)
        {
            count += values.Count;
        }
        var pairs = new KeyValuePair<string, string>[count];
        var i = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                pairs[i++] = new KeyValuePair<string, string>(name, value ?? string.Empty);
            }
        }
        return pairs;
    }

    /// <summary>scheme://Host + the raw request target, byte for byte as received (no normalisation).</summary>
    public static string TargetUri(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(rawTarget))
        {
            rawTarget = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        }
        return context.Request.Scheme + "://" + context.Request.Host.Value + rawTarget;
    }

    private static ApiError MapFailure(string? code) => code switch
    {
        ErrorCatalogue.SigMissingSignatureHeaders or ErrorCatalogue.SigCertHeaderMissing or ErrorCatalogue.SigKeyHeaderMissing
            or ErrorCatalogue.SigSubjectMissing => ApiErrors.SignatureMissing,
        ErrorCatalogue.SigTimestampOutOfRange => ApiErrors.SignatureExpired,
        ErrorCatalogue.SigSignedComponentsInvalid or ErrorCatalogue.SigSubjectComponentMissing => ApiErrors.SignatureComponentsInvalid,
        ErrorCatalogue.SigContentDigestMismatch or ErrorCatalogue.SigContentDigestInvalid => ApiErrors.SignatureDigestMismatch,
        _ => ApiErrors.SignatureInvalid,
    };
}
