namespace Sigilum.Vault.Http;

/// <summary>
/// Strict HTTP/1.1 head parsing (RFC 9112 §2-5): CRLF line endings only, no NUL or bare CR/LF, no
/// obs-fold, field names are tokens with no space before the colon, field values free of control
/// characters. Anything else is refused, never repaired (reliability PRX-08).
/// </summary>
internal static class HttpHeadParser
{
    public const int MaxFields = 128;

    public static HttpHead Parse(string head, bool isResponse)
    {
        // head ends with CRLFCRLF; every LF must follow a CR and every CR precede an LF.
        for (var i = 0; i < head.Length; i++)
        {
            var c = head[i];
            if (c == '\0' || (c == '\n' && (i == 0 || head[i - 1] != '\r')) || (c == '\r' && (i + 1 >= head.Length || head[i + 1] != '\n')))
            {
                throw new HttpMessageException("bad_request", "The message head has a bare CR, bare LF or NUL.");
            }
        }
        var lines = head[..^4].Split("\r\n");
        string first, second, third;
        if (isResponse)
        {
            var parts = lines[0].Split(' ', 3);
            if (parts.Length < 2 || !parts[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || parts[1].Length != 3 || !parts[1].All(char.IsAsciiDigit))
            {
                throw new HttpMessageException("bad_response", "The status line is malformed.");
            }
            (first, second, third) = (parts[0], parts[1], parts.Length == 3 ? parts[2] : string.Empty);
        }
        else
        {
            var parts = lines[0].Split(' ');
            if (parts.Length != 3 || !IsToken(parts[0]) || parts[1].Length == 0 || parts[2] is not ("HTTP/1.1" or "HTTP/1.0") ||
                parts[1].Any(ch => ch <= ' ' || ch >= 0x7F))
            {
                throw new HttpMessageException("bad_request", "The request line is malformed.");
            }
            (first, second, third) = (parts[0], parts[1], parts[2]);
        }
        if (lines.Length - 1 > MaxFields)
        {
            throw new HttpMessageException("header_too_large", $"More than {MaxFields} header fields.");
        }
        var headers = new List<KeyValuePair<string, string>>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                throw new HttpMessageException(isResponse ? "bad_response" : "bad_request", "A header field is malformed (or folded).");
            }
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Any(ch => (ch < 0x20 && ch != '\t') || ch == 0x7F))
            {
                throw new HttpMessageException(isResponse ? "bad_response" : "bad_request", "A header value contains a control character.");
            }
            headers.Add(new(line[..colon], value));
        }
        return new HttpHead(first, second, third, headers);
    }

    // RFC 9110 §5.6.2.
    public static bool IsToken(string value) =>
        value.Length > 0 && value.All(c => c < 0x7F && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));
}
