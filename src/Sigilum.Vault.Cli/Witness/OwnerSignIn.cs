using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Vault.Cli.Witness;

/// <summary>
/// Reads the owner's sign-in that <c>sigilum auth login</c> stored: <c>$SIGILUM_HOME/controlplane/owner-token-&lt;ns&gt;</c>,
/// JSON <c>{version, tokens:[{api_url, namespace, token, expires_at, …}]}</c> with one token per control plane URL.
/// The token is a bearer secret: it is sent only to its own control plane and never printed.
/// </summary>
internal static class OwnerSignIn
{
    /// <summary>The key <c>sigilum</c> stores tokens under: <c>scheme://host:port/path</c> without a trailing slash.</summary>
    public static string Key(Uri apiUrl) => $"{apiUrl.Scheme}://{apiUrl.Host}:{apiUrl.Port}{apiUrl.AbsolutePath.TrimEnd('/')}";

    public static string TokenFile(string sigilumHome, string ns) => Path.Combine(sigilumHome, "controlplane", "owner-token-" + ns);

    /// <summary>The token for (<paramref name="apiUrl"/>, <paramref name="ns"/>); a <see cref="CliException"/> with the fix when missing or expired.</summary>
    public static string Find(string sigilumHome, Uri apiUrl, string ns, TimeProvider time)
    {
        var path = TokenFile(sigilumHome, ns);
        var login = $"sigilum auth login --api-url {apiUrl.AbsoluteUri.TrimEnd('/')} --namespace {ns}";
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"Not signed in to namespace {ns} (no {path}); run: {login}");
        }
        TokenFileJson? file;
        try
        {
            file = JsonSerializer.Deserialize<TokenFileJson>(File.ReadAllBytes(path));
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.InvalidData, $"{path} is not a valid owner token file; run: {login}");
        }
        var key = Key(apiUrl);
        var entry = file?.Tokens?.FirstOrDefault(t => t.ApiUrl == key && t.Namespace == ns && !string.IsNullOrEmpty(t.Token));
        if (entry is null)
        {
            throw new CliException(ExitCodes.NotFound, $"Not signed in to {apiUrl.AbsoluteUri.TrimEnd('/')} as owner of {ns}; run: {login}");
        }
        if (entry.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            throw new CliException(ExitCodes.CheckFailed, $"The sign-in for {ns} at {apiUrl.AbsoluteUri.TrimEnd('/')} expired; run: {login}");
        }
        return entry.Token!;
    }

    private sealed record TokenFileJson(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("tokens")] IReadOnlyList<TokenJson>? Tokens);

    private sealed record TokenJson(
        [property: JsonPropertyName("api_url")] string? ApiUrl,
        [property: JsonPropertyName("namespace")] string? Namespace,
        [property: JsonPropertyName("token")] string? Token,
        [property: JsonPropertyName("expires_at")] DateTimeOffset? ExpiresAt);
}
