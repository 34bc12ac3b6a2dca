namespace Sigilum.Vault.Http;

/// <summary>How a message body is delimited (RFC 9112 §6.3).</summary>
internal readonly record struct BodyFraming(BodyKind Kind, long Length)
{
    public static readonly BodyFraming None = new(BodyKind.None, 0);

    public static readonly BodyFraming Chunked = new(BodyKind.Chunked, -1);

    public static readonly BodyFraming UntilClose = new(BodyKind.UntilClose, -1);

    /// <summary>
    /// A request's framing. Refused (PRX-08): Transfer-Encoding other than exactly <c>chunked</c>,
    /// Transfer-Encoding together with Content-Length, differing or non-numeric Content-Lengths.
    /// </summary>
    public static BodyFraming ForRequest(HttpHead head) => Determine(head, "bad_framing");

    /// <summary>A response's framing; <paramref name="requestMethod"/> HEAD and statuses 1xx/204/304 have no body.</summary>
    public static BodyFraming ForResponse(HttpHead head, string requestMethod, int status)
    {
        if (requestMethod == "HEAD" || status is (>= 100 and < 200) or 204 or 304)
        {
            return None;
        }
        var framing = Determine(head, "upstream_bad_framing");
        return framing.Kind == BodyKind.None && head.Count("Content-Length") == 0 ? UntilClose : framing;
    }

    private static BodyFraming Determine(HttpHead head, string code)
    {
        var transferEncodings = head.Values("Transfer-Encoding").ToList();
        var lengths = head.Values("Content-Length").SelectMany(v => v.Split(',')).Select(v => v.Trim()).ToList();
        if (transferEncodings.Count > 0)
        {
            if (transferEncodings.Count != 1 || !transferEncodings[0].Equals("chunked", StringComparison.OrdinalIgnoreCase) || lengths.Count > 0)
            {
                throw new HttpMessageException(code, "Ambiguous or unsupported Transfer-Encoding.");
            }
            return Chunked;
        }
        if (lengths.Count == 0)
        {
            return None;
        }
        if (lengths.Any(l => l.Length == 0 || l.Length > 18 || !l.All(char.IsAsciiDigit)) || lengths.Distinct(StringComparer.Ordinal).Count() != 1)
        {
            throw new HttpMessageException(code, "Invalid or conflicting Content-Length.");
        }
        var length = long.Parse(lengths[0], System.Globalization.CultureInfo.InvariantCulture);
        return length == 0 ? new BodyFraming(BodyKind.Length, 0) : new BodyFraming(BodyKind.Length, length);
    }
}
