using System.Diagnostics.CodeAnalysis;

namespace Sigilum.Vault.Store;

/// <summary>
/// How a credential is injected: a header <c>Name=Template</c> or a query parameter
/// <c>name=Template</c>, where the template contains <see cref="Placeholder"/> exactly once.
/// </summary>
internal sealed record HeaderTemplate(string Name, string Prefix, string Suffix)
{
    public const string Placeholder = "{{credential}}";

    public string Template => Prefix + Placeholder + Suffix;

    /// <summary>The route's default when neither <c>--header</c> nor <c>--query</c> is given.</summary>
    public static HeaderTemplate DefaultAuthorization { get; } = new("Authorization", "Bearer ", string.Empty);

    /// <summary>Parses <c>Name=Template</c>. Header names are RFC 9110 tokens; templates are visible ASCII and spaces.</summary>
    public static bool TryParse(string? text, bool isHeader, [NotNullWhen(true)] out HeaderTemplate? template, [NotNullWhen(false)] out string? error)
    {
        template = null;
        error = null;
        var eq = text?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (text is null || eq <= 0)
        {
            error = $"'{text}' is not Name=Template.";
            return false;
        }
        var name = text[..eq].Trim();
        var value = text[(eq + 1)..];
        if (!IsToken(name) || (!isHeader && name.Any(c => c is '&' or '#' or '+')))
        {
            error = $"'{name}' is not a valid {(isHeader ? "header" : "query parameter")} name.";
            return false;
        }
        var at = value.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0 || value.IndexOf(Placeholder, at + 1, StringComparison.Ordinal) >= 0)
        {
            error = $"The template for '{name}' must contain {Placeholder} exactly once.";
            return false;
        }
        if (value.Any(c => c < 0x20 || c > 0x7E))
        {
            error = $"The template for '{name}' must be printable ASCII.";
            return false;
        }
        if (isHeader && IsForbiddenHeader(name))
        {
            error = $"'{name}' cannot be injected (framing, routing or proxy header).";
            return false;
        }
        template = new HeaderTemplate(name, value[..at], value[(at + Placeholder.Length)..]);
        return true;
    }

    private static bool IsForbiddenHeader(string name) =>
        name.Equals("Host", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) ||
        name.Equals(Proxy.ProxyHeaders.Attestation, StringComparison.OrdinalIgnoreCase);

    // RFC 9110 §5.6.2 token.
    internal static bool IsToken(string value) =>
        value.Length > 0 && value.Length <= 256 && value.All(c => c < 0x7F && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));
}
