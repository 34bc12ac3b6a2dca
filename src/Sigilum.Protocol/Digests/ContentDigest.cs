using System.Security.Cryptography;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.StructuredFields;

namespace Sigilum.Protocol.Digests;

/// <summary>
/// <c>Content-Digest</c> (RFC 9530). We emit exactly what the reference SDKs emit,
/// <c>sha-256=:&lt;base64&gt;:</c>, and verify a stricter superset: every member naming an algorithm we
/// accept (<c>sha-256</c>, <c>sha-512</c>) must match the received bytes, members with other names are
/// ignored, and at least one accepted member is required (RFC 9530 §5: deprecated algorithms such as
/// md5 or crc32c must not be relied on; reliability SIG-14: never pick "the one that passes").
/// </summary>
public static class ContentDigest
{
    /// <summary>Header name.</summary>
    public const string HeaderName = "content-digest";

    /// <summary>The header value for a body: <c>sha-256=:&lt;base64 of SHA-256(body)&gt;:</c>.</summary>
    public static string Compute(ReadOnlySpan<byte> body) => "sha-256=:" + Base64Std.Encode(SHA256.HashData(body)) + ":";

    /// <summary>
    /// Checks a received header value against the received body. Returns null when it matches, else an
    /// error (<c>SIG_CONTENT_DIGEST_MISMATCH</c>, or <c>SIG_CONTENT_DIGEST_INVALID</c> when the header is
    /// malformed or names no accepted algorithm).
    /// </summary>
    public static ProtocolError? Verify(string? header, ReadOnlySpan<byte> body)
    {
        var parsed = StructuredFieldParser.ParseDictionary(header);
        if (!parsed.IsSuccess)
        {
            return new ProtocolError(ErrorCatalogue.SigContentDigestInvalid, "The content-digest header is malformed.");
        }
        var checkedAny = false;
        foreach (var member in parsed.Value)
        {
            var expectedLength = member.Key switch
            {
                "sha-256" => 32,
                "sha-512" => 64,
                _ => 0,
            };
            if (expectedLength == 0)
            {
                continue;
            }
            if (member.Item is not { Value.Kind: BareItemKind.ByteSequence } item || item.Value.Bytes!.Length != expectedLength || item.Parameters.Count != 0)
            {
                return new ProtocolError(ErrorCatalogue.SigContentDigestInvalid, "The content-digest header is malformed.");
            }
            var actual = expectedLength == 32 ? SHA256.HashData(body) : SHA512.HashData(body);
            if (!CryptographicOperations.FixedTimeEquals(actual, item.Value.Bytes))
            {
                return new ProtocolError(ErrorCatalogue.SigContentDigestMismatch, "The content-digest does not match the request body.");
            }
            checkedAny = true;
        }
        return checkedAny
            ? null
            : new ProtocolError(ErrorCatalogue.SigContentDigestInvalid, "The content-digest names no supported algorithm (sha-256 or sha-512).");
    }
}
