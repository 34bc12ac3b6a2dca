using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Signing;

/// <summary>Checks the METHOD and URL arguments before anything is signed or sent.</summary>
internal static class RequestLine
{
    /// <summary>An RFC 9110 token, upper-cased for convenience (<c>post</c> → <c>POST</c>; the signature covers it lower-cased anyway).</summary>
    public static string Method(string method)
    {
        if (method.Length is 0 or > 32 || !method.All(IsTokenChar))
        {
            throw new CliException(ExitCodes.Usage, $"Invalid HTTP method '{Printable(method)}'.");
        }
        return method.ToUpperInvariant();
    }

    /// <summary>The covered <c>@target-uri</c> for an absolute http(s) URL, or a usage error.</summary>
    public static string TargetUri(string url)
    {
        var target = SignatureTargetUri.Normalize(url);
        return target.IsSuccess
            ? target.Value
            : throw new CliException(ExitCodes.Usage, $"Invalid URL '{Printable(url)}': {target.Error.Reason}");
    }

    public static string Printable(string value)
    {
        var text = new string(value.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return text.Length <= 120 ? text : text[..117] + "...";
    }

    // RFC 9110 §5.6.2 tchar.
    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or
            '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
