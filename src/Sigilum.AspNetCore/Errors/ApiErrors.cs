using Sigilum.Protocol.Errors;

namespace Sigilum.AspNetCore.Errors;

/// <summary>
/// The control plane's common errors, with status and title from <see cref="ErrorCatalogue"/> (ADR 0048). Each code
/// is stable and documented in docs/errors.md; map by code, never by message text. Signature failures keep the
/// reference API's codes (spec §4.2).
/// </summary>
public static class ApiErrors
{
    public static readonly ApiError ValidationError = ApiError.Of(ErrorCatalogue.ValidationError);
    public static readonly ApiError InvalidJson = ApiError.Of(ErrorCatalogue.InvalidJson);
    public static readonly ApiError BodyTooLarge = ApiError.Of(ErrorCatalogue.RequestBodyTooLarge);
    public static readonly ApiError Unauthorized = ApiError.Of(ErrorCatalogue.Unauthorized);
    public static readonly ApiError Forbidden = ApiError.Of(ErrorCatalogue.Forbidden);
    public static readonly ApiError NotFound = ApiError.Of(ErrorCatalogue.NotFound);
    public static readonly ApiError Conflict = ApiError.Of(ErrorCatalogue.Conflict);
    public static readonly ApiError RateLimited = ApiError.Of(ErrorCatalogue.RateLimited);
    public static readonly ApiError InternalError = ApiError.Of(ErrorCatalogue.InternalError);
    public static readonly ApiError StoreUnavailable = ApiError.Of(ErrorCatalogue.DbUnavailable);

    public static readonly ApiError SignatureMissing = ApiError.Of(ErrorCatalogue.SignatureMissing);
    public static readonly ApiError SignatureInvalid = ApiError.Of(ErrorCatalogue.SignatureInvalid);
    public static readonly ApiError SignatureExpired = ApiError.Of(ErrorCatalogue.SignatureExpired);
    public static readonly ApiError SignatureComponentsInvalid = ApiError.Of(ErrorCatalogue.SignatureComponentsInvalid);
    public static readonly ApiError SignatureDigestMismatch = ApiError.Of(ErrorCatalogue.SignatureDigestMismatch);
    public static readonly ApiError SignatureNonceReplay = ApiError.Of(ErrorCatalogue.SignatureNonceReplay);
    public static readonly ApiError NonceStoreUnavailable = ApiError.Of(ErrorCatalogue.NonceStoreUnavailable);
    public static readonly ApiError SignatureNamespaceMismatch = ApiError.Of(ErrorCatalogue.SignatureNamespaceMismatch);
    public static readonly ApiError SignatureKeyMismatch = ApiError.Of(ErrorCatalogue.SignatureKeyMismatch);
}
