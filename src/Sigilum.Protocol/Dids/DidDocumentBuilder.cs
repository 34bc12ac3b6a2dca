using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Dids;

/// <summary>
/// Builds a W3C DID Core document for Ed25519 keys using the Ed25519VerificationKey2020 suite: each
/// key is a verification method with <c>publicKeyMultibase</c> and is listed for
/// <c>authentication</c> and <c>assertionMethod</c>.
/// </summary>
public static class DidDocumentBuilder
{
    /// <summary>The JSON-LD contexts, in order.</summary>
    public static readonly IReadOnlyList<string> Contexts =
        ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/ed25519-2020/v1"];

    /// <summary>The document for a DID with one key.</summary>
    public static JsonObject Build(string did, string keyId, ReadOnlySpan<byte> publicKey) =>
        Build(did, [new DidVerificationKey(keyId, publicKey.ToArray())]);

    /// <summary>The document for a DID with several keys (e.g. during rotation), in the given order.</summary>
    /// <exception cref="ArgumentException">The DID is empty, there are no keys, or a key id repeats.</exception>
    public static JsonObject Build(string did, IReadOnlyList<DidVerificationKey> keys)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(did);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0 || keys.Select(k => k.Id).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            throw new ArgumentException("A DID document needs at least one key and unique key ids.", nameof(keys));
        }
        var methods = new JsonArray();
        var references = new List<string>();
        foreach (var key in keys)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key.Id, nameof(keys));
            methods.Add(new JsonObject
            {
                ["id"] = key.Id,
                ["type"] = "Ed25519VerificationKey2020",
                ["controller"] = did,
                ["publicKeyMultibase"] = Ed25519Multikey.Encode(key.PublicKey.Span),
            });
            references.Add(key.Id);
        }
        return new JsonObject
        {
            ["@context"] = new JsonArray([.. Contexts.Select(c => JsonValue.Create(c))]),
            ["id"] = did,
            ["verificationMethod"] = methods,
            ["authentication"] = new JsonArray([.. references.Select(r => JsonValue.Create(r))]),
            ["assertionMethod"] = new JsonArray([.. references.Select(r => JsonValue.Create(r))]),
        };
    }
}
