using Sigilum.Sdk.Identity;
using System.Text.Json;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Remote;

/// <summary>
/// Owner tokens, one 0600 file per namespace (<c>controlplane/owner-token-&lt;ns&gt;</c>) holding a token per
/// control plane URL, so signing in to a second control plane does not sign you out of the first.
/// The token is a bearer secret: it is written here and sent to its own control plane, never printed.
/// </summary>
internal sealed class OwnerTokenStore(SigilumPaths paths)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public string PathFor(string ns) => paths.OwnerTokenFile(ns);

    public StoredToken? Find(Uri apiUrl, string ns)
    {
        var key = ApiUrl.Key(apiUrl);
        return ReadAll(ns).FirstOrDefault(t => t.ApiUrl == key);
    }

    /// <summary>The control planes this namespace is signed in to (for hints when the chosen one is not among them).</summary>
    public IReadOnlyList<string> SignedInUrls(string ns) => [.. ReadAll(ns).Select(t => t.ApiUrl)];

    public void Save(StoredToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var all = ReadAll(token.Namespace).Where(t => t.ApiUrl != token.ApiUrl).Append(token).ToList();
        PrivateFiles.WriteOwnerOnly(PathFor(token.Namespace), JsonSerializer.SerializeToUtf8Bytes(new TokenFile(1, all), Json));
    }

    /// <summary>Forgets the token for (<paramref name="apiUrl"/>, <paramref name="ns"/>); deletes the file when it was the last.</summary>
    public bool Remove(Uri apiUrl, string ns)
    {
        var key = ApiUrl.Key(apiUrl);
        var all = ReadAll(ns);
        var rest = all.Where(t => t.ApiUrl != key).ToList();
        if (rest.Count == all.Count)
        {
            return false;
        }
        if (rest.Count == 0)
        {
            File.Delete(PathFor(ns));
        }
        else
        {
            PrivateFiles.WriteOwnerOnly(PathFor(ns), JsonSerializer.SerializeToUtf8Bytes(new TokenFile(1, rest), Json));
        }
        return true;
    }

    private List<StoredToken> ReadAll(string ns)
    {
        var path = PathFor(ns);
        if (!File.Exists(path))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<TokenFile>(File.ReadAllBytes(path), Json)?.Tokens?.ToList() ?? [];
        }
        catch (JsonException)
        {
            throw new CliException(ExitCodes.InvalidData, $"{path} is not a valid owner token file; delete it and run: sigilum auth login");
        }
    }

    private sealed record TokenFile(int Version, IReadOnlyList<StoredToken>? Tokens);
}
