using System.Text.Json;
using Sigilum.Backends.Http;

namespace Sigilum.Backends.Aws;

/// <summary>
/// AWS JSON-protocol errors: HTTP 400 with <c>{"__type": "…"}</c> for most failures, including auth
/// and throttling, so the status alone says little. Only the type name is kept; the message is not
/// (it may quote the request).
/// </summary>
internal static class AwsJsonErrors
{
    public static BackendError Map(BackendHttp http, HttpAnswer answer, string what)
    {
        var type = TypeOf(answer);
        return type switch
        {
            "ThrottlingException" or "TooManyRequestsException" or "RequestLimitExceeded" or "LimitExceededException" =>
                http.Fail(BackendErrorKind.Throttled, $"AWS is throttling us while {what} ({type}).") with { RetryAfter = http.RetryAfter(answer.Headers) },
            "UnrecognizedClientException" or "InvalidSignatureException" or "AccessDeniedException" or "ExpiredTokenException"
                or "IncompleteSignatureException" or "MissingAuthenticationTokenException" or "InvalidClientTokenId" or "SignatureDoesNotMatch" =>
                http.Fail(BackendErrorKind.Unauthorized, $"AWS refused our credentials while {what} ({type})."),
            "ResourceNotFoundException" => http.Fail(BackendErrorKind.NotFound, $"nothing found while {what} ({type})."),
            // Marked for deletion, or a stage/version mismatch: the reference names nothing usable.
            "InvalidRequestException" or "InvalidParameterException" => http.Fail(BackendErrorKind.NotFound, $"AWS rejected the reference while {what} ({type})."),
            "DecryptionFailure" => http.Fail(BackendErrorKind.Unauthorized, $"AWS could not decrypt the secret with its KMS key while {what} ({type})."),
            "InternalServiceError" or "InternalFailure" or "ServiceUnavailable" => http.Fail(BackendErrorKind.Unavailable, $"AWS failed while {what} ({type})."),
            _ => http.StatusError(answer, what) ?? http.Fail(BackendErrorKind.Malformed, $"unexpected answer while {what}."),
        };
    }

    /// <summary><c>__type</c> without a namespace prefix (<c>com.amazonaws…#ThrottlingException</c>); letters only, so nothing else leaks.</summary>
    private static string? TypeOf(HttpAnswer answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer.BodyMemory);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("__type", out var type) && type.GetString() is { } text)
            {
                var name = text[(text.LastIndexOf('#') + 1)..];
                return name.Length is > 0 and <= 64 && name.All(char.IsAsciiLetterOrDigit) ? name : null;
            }
        }
        catch (JsonException)
        {
        }
        return answer.Headers.TryGetValues("X-Amzn-ErrorType", out var values) && values.First().Split(':')[0] is { Length: > 0 and <= 64 } header && header.All(char.IsAsciiLetterOrDigit)
            ? header
            : null;
    }
}
