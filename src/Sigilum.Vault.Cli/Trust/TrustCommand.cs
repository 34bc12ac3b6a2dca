using System.Text.Json.Nodes;
using Sigilum.Protocol.Jose;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust add|list|remove</c>: pinned attestation signer keys.</summary>
internal static class TrustCommand
{
    internal static JsonObject ToJson(TrustAnchor a) => new()
    {
        ["kid"] = a.Kid,
        ["fingerprint"] = a.Fingerprint,
        ["issuer"] = a.Issuer,
        ["source"] = a.Source,
        ["jwk"] = JsonNode.Parse(a.Key.ToJson()),
        ["createdAt"] = a.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A JWKS (key picked by kid) or a single JWK; only Ed25519 keys are accepted.</summary>
    internal static Jwk FindKey(string text, string kid)
    {
        var node = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 16 }) as JsonObject;
        if (node?["keys"] is JsonArray)
        {
            var set = Jwks.Parse(text);
            if (!set.IsSuccess)
            {
                throw new CliException(ExitCodes.InvalidData, $"The JWKS is not valid ({set.Error!.Code}: {set.Error.Reason}).");
            }
            return set.Value!.Find(kid) ?? throw new CliException(ExitCodes.NotFound, $"The JWKS has no Ed25519 key with kid '{kid}'.");
        }
        var key = Jwk.Parse(text);
        if (!key.IsSuccess)
        {
            throw new CliException(ExitCodes.InvalidData, $"The JWK is not an Ed25519 public key ({key.Error!.Code}: {key.Error.Reason}).");
        }
        if (key.Value!.Kid is { } own && own != kid)
        {
            throw new CliException(ExitCodes.InvalidData, $"The JWK's kid is '{own}', not '{kid}'.");
        }
        return key.Value;
    }

    internal static async Task<string> FetchAsync(VaultCliContext context, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, "--jwks-url must be an absolute http(s) URL.");
        }
        using var client = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(ExitCodes.Network, $"GET {uri} answered {(int)response.StatusCode}.");
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length <= Jwks.MaxLength ? body : throw new CliException(ExitCodes.InvalidData, "The JWKS is too large.");
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network, $"GET {uri} failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network, $"GET {uri} timed out.");
        }
    }

    internal static async Task<string> ReadFileAsync(VaultCliContext context, string file, CancellationToken cancellationToken)
    {
        var path = context.ResolvePath(file);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"No such file: {path}");
        }
        return await File.ReadAllTextAsync(path, cancellationToken);
    }
}
