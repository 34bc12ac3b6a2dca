namespace Sigilum.Cli.Requests;

/// <summary>Parses repeated <c>--header 'Name: value'</c> arguments.</summary>
internal static class HeaderArguments
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(IEnumerable<string> arguments)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var argument in arguments)
        {
            var colon = argument.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? argument[..colon].Trim() : string.Empty;
            var value = colon > 0 ? argument[(colon + 1)..].Trim() : string.Empty;
            if (name.Length == 0 || !name.All(IsTokenChar) || value.Any(c => c is '\r' or '\n' or '\0'))
            {
                throw new CliException(ExitCodes.Usage, $"Invalid header '{Signing.RequestLine.Printable(argument)}'; use --header 'Name: value'.");
            }
            headers.Add(new(name, value));
        }
        return headers;
    }

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or
            '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
