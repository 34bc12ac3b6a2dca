using Sigilum.Cli.Local;

namespace Sigilum.Cli.Remote;

/// <summary>
/// Which control plane a command talks to: <c>--api-url</c>, else <c>SIGILUM_API_URL</c>, else the control
/// plane this home is running (its run state), else the local default <c>http://127.0.0.1:8787</c>.
/// </summary>
internal static class ApiUrl
{
    public const string Variable = "SIGILUM_API_URL";
    public const string Default = "http://127.0.0.1:8787";

    public static Uri Resolve(CliContext context, string? flag, SigilumPaths paths)
    {
        ArgumentNullException.ThrowIfNull(context);
        var chosen = NonEmpty(flag) ?? NonEmpty(context.Environment.GetVariable(Variable)) ?? RunState.ReadLive(paths)?.Url ?? Default;
        return Parse(chosen);
    }

    /// <summary>An absolute http(s) URL without query or fragment, with no trailing slash.</summary>
    public static Uri Parse(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new CliException(ExitCodes.Usage, $"The API URL must be an absolute http(s) URL without query or credentials, not '{text}'.");
        }
        return new Uri(Key(uri));
    }

    /// <summary>The form tokens are stored under: lower-case scheme and host, explicit port, no trailing slash.</summary>
    public static string Key(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.AbsolutePath.TrimEnd('/')}";
    }

    /// <summary>The URL as people read it: <c>http://127.0.0.1:8787</c>.</summary>
    public static string Display(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.AbsoluteUri.TrimEnd('/');
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
