using System.Text.Json;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Identity;

/// <summary>
/// The self-signed certificate that binds an agent key to a namespace (Sigilum identity v1, spec §2.3).
/// The agent key signs the canonical text; there is no issuer. It proves only that the key holder
/// asserted the namespace — authorisation comes from approved claims.
/// </summary>
public sealed record AgentCertificate
{
    /// <summary>Largest certificate header we decode; a real one is about 600 characters.</summary>
    public const int MaxHeaderLength = 4096;

    /// <summary>Certificate format version; only 1 exists.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The namespace the key claims.</summary>
    public required string Namespace { get; init; }

    /// <summary><c>did:sigilum:&lt;namespace&gt;</c>.</summary>
    public required string Did { get; init; }

    /// <summary>Key id derived from the DID and the public key.</summary>
    public required string KeyId { get; init; }

    /// <summary><c>ed25519:&lt;base64&gt;</c>.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Opaque issue timestamp (the text is signed as is).</summary>
    public required string IssuedAt { get; init; }

    /// <summary>Opaque expiry timestamp or null (signed as an empty string when null).</summary>
    public string? ExpiresAt { get; init; }

    /// <summary>Proof algorithm; always <c>ed25519</c>.</summary>
    public string ProofAlg { get; init; } = "ed25519";

    /// <summary>Unpadded base64url of the 64-byte signature over <see cref="CanonicalText"/>.</summary>
    public required string ProofSig { get; init; }

    /// <summary>Creates and signs a certificate for <paramref name="keyPair"/> in <paramref name="ns"/>.</summary>
    public static AgentCertificate Issue(Ed25519KeyPair keyPair, string ns, string issuedAt)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        var did = SigilumNamespace.ToDid(ns);
        var publicKey = AgentKeys.Format(keyPair.PublicKey);
        var keyId = AgentKeys.KeyId(did, keyPair.PublicKey);
        var text = BuildCanonicalText(ns, did, keyId, publicKey, issuedAt, null);
        var sig = keyPair.Sign(System.Text.Encoding.UTF8.GetBytes(text));
        return new AgentCertificate
        {
            Namespace = ns,
            Did = did,
            KeyId = keyId,
            PublicKey = publicKey,
            IssuedAt = issuedAt,
            ExpiresAt = null,
            ProofSig = Base64Url.Encode(sig),
        };
    }

    /// <summary>The seven-line text the proof signs (no trailing newline).</summary>
    public string CanonicalText() => BuildCanonicalText(Namespace, Did, KeyId, PublicKey, IssuedAt, ExpiresAt);

    /// <summary>
    /// Checks the proof: algorithm, key format, key id derivation, DID/namespace agreement and the
    /// Ed25519 signature over the canonical text.
    /// </summary>
    public bool VerifyProof()
    {
        if (Version != 1 || !string.Equals(ProofAlg, "ed25519", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (!AgentKeys.TryParse(PublicKey, out var publicKey))
        {
            return false;
        }
        if (!string.Equals(Did, SigilumNamespace.ToDid(Namespace), StringComparison.Ordinal) ||
            !string.Equals(KeyId, AgentKeys.KeyId(Did, publicKey), StringComparison.Ordinal))
        {
            return false;
        }
        if (!Base64Url.TryDecode(ProofSig, out var sig) || sig.Length != Ed25519.SignatureSize)
        {
            return false;
        }
        return Ed25519.Verify(publicKey, System.Text.Encoding.UTF8.GetBytes(CanonicalText()), sig);
    }

    /// <summary>
    /// The <c>sigilum-agent-cert</c> header: unpadded base64url of the compact JSON in the reference
    /// SDK's key order (version, namespace, did, keyId, publicKey, issuedAt, expiresAt, proof).
    /// </summary>
    public string ToHeaderValue() => Base64Url.Encode(ToCompactJson());

    /// <summary>Compact JSON in the reference key order.</summary>
    public byte[] ToCompactJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Compact))
        {
            WriteTo(writer);
        }
        return buffer.ToArray();
    }

    /// <summary>Writes the certificate object (used inside identity records too).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("version", Version);
        writer.WriteString("namespace", Namespace);
        writer.WriteString("did", Did);
        writer.WriteString("keyId", KeyId);
        writer.WriteString("publicKey", PublicKey);
        writer.WriteString("issuedAt", IssuedAt);
        if (ExpiresAt is null)
        {
            writer.WriteNull("expiresAt");
        }
        else
        {
            writer.WriteString("expiresAt", ExpiresAt);
        }
        writer.WriteStartObject("proof");
        writer.WriteString("alg", ProofAlg);
        writer.WriteString("sig", ProofSig);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Decodes a <c>sigilum-agent-cert</c> header. Padding is rejected (as the Go SDK and the gateway
    /// do); unknown JSON fields are ignored. Does not verify the proof.
    /// </summary>
    public static Result<AgentCertificate> ParseHeader(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return Result<AgentCertificate>.Fail(ErrorCatalogue.SigCertHeaderMissing, "Missing sigilum-agent-cert header.");
        }
        if (header.Length > MaxHeaderLength || !Base64Url.TryDecode(header, out var json))
        {
            return Result<AgentCertificate>.Fail(ErrorCatalogue.SigCertHeaderInvalid, "The sigilum-agent-cert header is not valid base64url.");
        }
        return Parse(json);
    }

    /// <summary>Parses certificate JSON (an object with the v1 fields; unknown fields ignored).</summary>
    public static Result<AgentCertificate> Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray(), JsonWriting.ParseOptions);
            return FromElement(doc.RootElement);
        }
        catch (JsonException)
        {
            return Result<AgentCertificate>.Fail(ErrorCatalogue.SigCertHeaderInvalid, "The certificate is not valid JSON.");
        }
    }

    /// <summary>Reads a certificate from a JSON element.</summary>
    public static Result<AgentCertificate> FromElement(JsonElement root)
    {
        const string Code = ErrorCatalogue.SigCertHeaderInvalid;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Result<AgentCertificate>.Fail(Code, "The certificate must be a JSON object.");
        }
        if (!JsonFields.TryGetInt(root, "version", out var version) || version != 1)
        {
            return Result<AgentCertificate>.Fail(Code, "The certificate version must be 1.");
        }
        if (!JsonFields.TryGetString(root, "namespace", out var ns) ||
            !JsonFields.TryGetString(root, "did", out var did) ||
            !JsonFields.TryGetString(root, "keyId", out var keyId) ||
            !JsonFields.TryGetString(root, "publicKey", out var publicKey) ||
            !JsonFields.TryGetString(root, "issuedAt", out var issuedAt))
        {
            return Result<AgentCertificate>.Fail(Code, "The certificate lacks a required string field.");
        }
        string? expiresAt = null;
        if (root.TryGetProperty("expiresAt", out var exp) && exp.ValueKind != JsonValueKind.Null)
        {
            if (exp.ValueKind != JsonValueKind.String)
            {
                return Result<AgentCertificate>.Fail(Code, "The certificate expiresAt must be a string or null.");
            }
            expiresAt = exp.GetString();
        }
        if (!root.TryGetProperty("proof", out var proof) || proof.ValueKind != JsonValueKind.Object ||
            !JsonFields.TryGetString(proof, "alg", out var alg) || !JsonFields.TryGetString(proof, "sig", out var sig))
        {
            return Result<AgentCertificate>.Fail(Code, "The certificate proof must carry alg and sig.");
        }
        return Result<AgentCertificate>.Ok(new AgentCertificate
        {
            Version = version,
            Namespace = ns,
            Did = did,
            KeyId = keyId,
            PublicKey = publicKey,
            IssuedAt = issuedAt,
            ExpiresAt = expiresAt,
            ProofAlg = alg,
            ProofSig = sig,
        });
    }

    private static string BuildCanonicalText(string ns, string did, string keyId, string publicKey, string issuedAt, string? expiresAt) =>
        string.Join('\n',
            "sigilum-certificate-v1",
            "namespace:" + ns,
            "did:" + did,
            "key-id:" + keyId,
            "public-key:" + publicKey,
            "issued-at:" + issuedAt,
            "expires-at:" + (expiresAt ?? string.Empty));
}
