using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Checks the helper's positional arguments before anything is signed: an agent (a language model) writes them, so
/// each is refused with <c>AGENT_INPUT_INVALID</c> and a sentence saying what is expected rather than sent half-right.
/// </summary>
internal static class AgentInput
{
    public const int MaxConnectionIdLength = 128;
    public const int MaxToolNameLength = 256;
    public const int MaxPathLength = 8192;

    /// <summary>The methods the proxy command sends (as Sigilum's helper).</summary>
    public static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>A connection id: letters, digits, '.', '_' and '-', starting with a letter or digit (never a path).</summary>
    public static string ConnectionId(string value)
    {
        var id = value.Trim();
        if (id.Length is 0 or > MaxConnectionIdLength || !char.IsAsciiLetterOrDigit(id[0]) ||
            !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw Invalid($"Connection id '{AgentOptions.Printable(value)}' must be 1-{MaxConnectionIdLength} letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return id;
    }

    public static string ToolName(string value)
    {
        var name = value.Trim();
        if (name.Length is 0 or > MaxToolNameLength || name.Any(char.IsControl))
        {
            throw Invalid($"Tool name '{AgentOptions.Printable(value)}' must be 1-{MaxToolNameLength} characters without control characters");
        }
        return name;
    }

    public static HttpMethod Method(string value)
    {
        var method = value.Trim().ToUpperInvariant();
        return Methods.Contains(method, StringComparer.Ordinal)
            ? new HttpMethod(method)
            : throw Invalid($"Method '{AgentOptions.Printable(value)}' must be one of {string.Join(", ", Methods)}");
    }

    /// <summary>
    /// The upstream path (and query) with a leading '/'. Dot segments are refused, also percent-encoded: URL
    /// normalisation would remove them and send the request outside <c>/proxy/&lt;connection&gt;/</c>.
    /// </summary>
    public static string UpstreamPath(string value)
    {
        var path = value.Trim();
        if (path.Length == 0)
        {
            return "/";
        }
        if (path.Length > MaxPathLength || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || path.Contains('#') || path.Contains('\\'))
        {
            throw Invalid($"Path '{AgentOptions.Printable(value)}' must be at most {MaxPathLength} characters without spaces, control characters, '#' or '\\'");
        }
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }
        var pathOnly = path.Split('?', 2)[0];
        foreach (var segment in pathOnly.Split('/'))
        {
            if (Uri.UnescapeDataString(segment) is "." or "..")
            {
                throw Invalid($"Path '{AgentOptions.Printable(value)}' must not contain '.' or '..' segments");
            }
        }
        return path;
    }

    /// <summary>UTF-8 bytes of a JSON text; with <paramref name="objectOnly"/>, it must be an object.</summary>
    public static byte[] Json(string value, string what, bool objectOnly)
    {
        try
        {
            using var document = JsonDocument.Parse(value);
            if (objectOnly && document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"{what} must be a JSON object, e.g. '{{\"query\":\"x\"}}'");
            }
        }
        catch (JsonException ex)
        {
            throw Invalid($"{what} is not valid JSON ({ex.Message})");
        }
        return System.Text.Encoding.UTF8.GetBytes(value);
    }

    private static CliException Invalid(string message) => new(ExitCodes.Usage, $"{message} ({ErrorCatalogue.AgentInputInvalid})");
}
