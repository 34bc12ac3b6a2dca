using Sigilum.Protocol.Errors;

namespace Sigilum.Backends;

/// <summary>
/// Checks an injector runs before putting a fetched value into a header (reliability BKD-07): an empty
/// value, or one with CR, LF, NUL or another control character, is refused with <c>backend_bad_secret</c>
/// rather than injected (header injection, empty auth). Values for other uses (files, signing keys) skip it.
/// </summary>
public static class CredentialChecks
{

    /// <summary>Null when <paramref name="value"/> is fit for an HTTP header value; otherwise why not (never quoting the value).</summary>
    public static BackendError? ForHeader(ReadOnlySpan<byte> value, string backendName)
    {
        if (value.IsEmpty)
        {
            return new BackendError(BackendErrorKind.Malformed, ErrorCatalogue.BackendBadSecret, $"Backend '{backendName}': the secret is empty.");
        }
        if (value.Length > 16 * 1024)
        {
            return new BackendError(BackendErrorKind.Malformed, ErrorCatalogue.BackendBadSecret, $"Backend '{backendName}': the secret is longer than 16 KiB, too long for a header.");
        }
        foreach (var b in value)
        {
            // Visible ASCII, space and tab (RFC 9110 §5.5 field-vchar) plus UTF-8 bytes (obs-text).
            if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                return new BackendError(BackendErrorKind.Malformed, ErrorCatalogue.BackendBadSecret, $"Backend '{backendName}': the secret contains a control character (CR, LF, NUL or similar) and cannot go into a header.");
            }
        }
        var first = value[0];
        var last = value[^1];
        if (first is (byte)' ' or (byte)'\t' || last is (byte)' ' or (byte)'\t')
        {
            return new BackendError(BackendErrorKind.Malformed, ErrorCatalogue.BackendBadSecret, $"Backend '{backendName}': the secret starts or ends with whitespace.");
        }
        return null;
    }
}
