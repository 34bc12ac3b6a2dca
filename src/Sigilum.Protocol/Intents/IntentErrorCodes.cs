using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Intents;

/// <summary>Stable error codes for intent construction.</summary>
public static class IntentErrorCodes
{
    /// <summary>The URL is not an absolute http(s) URL we can normalise (or carries user info).</summary>
    public const string UrlInvalid = ErrorCatalogue.IntentUrlInvalid;

    /// <summary>The HTTP method is not an RFC 9110 token.</summary>
    public const string MethodInvalid = ErrorCatalogue.IntentMethodInvalid;
}
