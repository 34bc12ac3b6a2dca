using Microsoft.AspNetCore.Http;

namespace Sigilum.AspNetCore.Errors;

/// <summary>
/// The control plane's error catalogue. Each code is stable and documented in docs/errors.md; map by
/// code, never by message text. Signature failures keep the reference API's codes (spec §4.2).
/// </summary>
public static class ApiErrors
{
    public static readonly ApiError ValidationError = new("VALIDATION_ERROR", StatusCodes.Status400BadRequest, "The request is invalid.");
    public static readonly ApiError InvalidJson = new("INVALID_JSON", StatusCodes.Status400BadRequest, "The request body is not valid JSON.");
    public static readonly ApiError BodyTooLarge = new("REQUEST_BODY_TOO_LARGE", StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
    public static readonly ApiError Unauthorized = new("UNAUTHORIZED", StatusCodes.Status401Unauthorized, "Authentication is required.");
    public static readonly ApiError Forbidden = new("FORBIDDEN", StatusCodes.Status403Forbidden, "Not allowed.");
    public static readonly ApiError NotFound = new("NOT_FOUND", StatusCodes.Status404NotFound, "Not found.");
    public static readonly ApiError Conflict = new("CONFLICT", StatusCodes.Status409Conflict, "The resource is not in a state that allows this.");
    public static readonly ApiError RateLimited = new("RATE_LIMITED", StatusCodes.Status429TooManyRequests, "Too many requests.");
    public static readonly ApiError InternalError = new("INTERNAL_ERROR", StatusCodes.Status500InternalServerError, "Something went wrong on our side.");
    public static readonly ApiError StoreUnavailable = new("DB_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, "The database is unavailable.");

    public static readonly ApiError SignatureMissing = new("SIGNATURE_MISSING", StatusCodes.Status401Unauthorized, "The request is not signed.");
    public static readonly ApiError SignatureInvalid = new("SIGNATURE_INVALID", StatusCodes.Status401Unauthorized, "The request signature is invalid.");
    public static readonly ApiError SignatureExpired = new("SIGNATURE_EXPIRED", StatusCodes.Status401Unauthorized, "The request signature is too old or from the future.");
    public static readonly ApiError SignatureComponentsInvalid = new("SIGNATURE_COMPONENTS_INVALID", StatusCodes.Status401Unauthorized, "The signature does not cover the required components.");
    public static readonly ApiError SignatureDigestMismatch = new("SIGNATURE_DIGEST_MISMATCH", StatusCodes.Status401Unauthorized, "The body does not match its signed digest.");
    public static readonly ApiError SignatureNonceReplay = new("SIGNATURE_NONCE_REPLAY", StatusCodes.Status409Conflict, "This signed request was already used.");
    public static readonly ApiError NonceStoreUnavailable = new("NONCE_STORE_UNAVAILABLE", StatusCodes.Status503ServiceUnavailable, "Replay protection is unavailable; try again.");
    public static readonly ApiError SignatureNamespaceMismatch = new("SIGNATURE_NAMESPACE_MISMATCH", StatusCodes.Status403Forbidden, "The signer's namespace does not match the request.");
    public static readonly ApiError SignatureKeyMismatch = new("SIGNATURE_KEY_MISMATCH", StatusCodes.Status403Forbidden, "The signer's key does not match the request.");
}
