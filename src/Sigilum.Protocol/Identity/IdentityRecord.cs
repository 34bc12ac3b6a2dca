using System.Globalization;
using System.Text.Json;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Json;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Identity;

/// <summary>
/// A persisted agent identity, version 1 (<c>identities/&lt;ns&gt;/identity.json</c>), the same format
/// the reference SDKs write, so one identity serves both implementations. Holds the private seed as
/// base64 text because that is the file format; load it into an <see cref="Ed25519KeyPair"/> and drop
/// the record as soon as possible.
/// </summary>
public sealed record IdentityRecord
{
    /// <summary>Record version; only 1 exists.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary><c>did:sigilum:&lt;namespace&gt;</c>.</summary>
    public required string Did { get; init; }

    /// <summary>Key id derived from the DID and the public key.</summary>
    public required string KeyId { get; init; }

    /// <summary><c>ed25519:&lt;base64&gt;</c>.</summary>
    public required string PublicKey { get; init; }

    /// <summary>Padded standard base64 of the 32-byte seed. Secret.</summary>
    public required string PrivateKey { get; init; }

    /// <summary>The self-signed certificate.</summary>
    public required AgentCertificate Certificate { get; init; }

    /// <summary>Opaque creation timestamp.</summary>
    public required string CreatedAt { get; init; }

    /// <summary>Opaque update timestamp.</summary>
    public required string UpdatedAt { get; init; }

    /// <summary>Creates a new identity for <paramref name="ns"/> with a fresh key.</summary>
    public static IdentityRecord Create(string ns, TimeProvider time)
    {
        using var keyPair = Ed25519KeyPair.Generate();
        return Create(ns, keyPair, time);
    }

    /// <summary>Creates an identity for <paramref name="ns"/> from an existing key pair.</summary>
    public static IdentityRecord Create(string ns, Ed25519KeyPair keyPair, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        ArgumentNullException.ThrowIfNull(time);
        if (!SigilumNamespace.IsValid(ns))
        {
            throw new ArgumentException("Invalid namespace.", nameof(ns));
        }
        // Second precision with Z, as the Go and Python SDKs write.
        var now = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var cert = AgentCertificate.Issue(keyPair, ns, now);
        var seed = keyPair.ExportSeed();
        try
        {
            return new IdentityRecord
            {
                Namespace = ns,
                Did = cert.Did,
                KeyId = cert.KeyId,
                PublicKey = cert.PublicKey,
                PrivateKey = Base64Std.Encode(seed),
                Certificate = cert,
                CreatedAt = now,
                UpdatedAt = now,
            };
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Opens the key pair held by this record. The caller disposes it.</summary>
    public Ed25519KeyPair OpenKeyPair()
    {
        if (!Base64Std.TryDecode(PrivateKey, out var seed) || seed.Length != Ed25519.SeedSize)
        {
            throw new InvalidOperationException("The identity record's private key is not a 32-byte seed.");
        }
        try
        {
            return Ed25519KeyPair.FromSeed(seed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>Pretty JSON (2-space indent) with a trailing newline, in the reference key order.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonWriting.Pretty))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteString("namespace", Namespace);
            writer.WriteString("did", Did);
            writer.WriteString("keyId", KeyId);
            writer.WriteString("publicKey", PublicKey);
            writer.WriteString("privateKey", PrivateKey);
            writer.WritePropertyName("certificate");
            Certificate.WriteTo(writer);
            writer.WriteString("createdAt", CreatedAt);
            writer.WriteString("updatedAt", UpdatedAt);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// Parses and validates a record: version 1, required fields, a 32-byte seed whose public key equals
    /// <c>publicKey</c>, a certificate whose proof verifies and whose fields equal the record's. Unknown
    /// fields are ignored (forward compatibility). Errors use code <c>IDENTITY_INVALID</c>.
    /// </summary>
    public static Result<IdentityRecord> Parse(string json)
    {
        const string Code = ErrorCatalogue.IdentityInvalid;
        try
        {
            using var doc = JsonDocument.Parse(json, JsonWriting.ParseOptions);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Result<IdentityRecord>.Fail(Code, "The identity file must hold a JSON object.");
            }
            if (!JsonFields.TryGetInt(root, "version", out var version) || version != 1)
            {
                return Result<IdentityRecord>.Fail(Code, "Unsupported identity record version (expected 1).");
            }
            if (!JsonFields.TryGetString(root, "namespace", out var ns) ||
                !JsonFields.TryGetString(root, "did", out var did) ||
                !JsonFields.TryGetString(root, "keyId", out var keyId) ||
                !JsonFields.TryGetString(root, "publicKey", out var publicKey) ||
                !JsonFields.TryGetString(root, "privateKey", out var privateKey) ||
                !root.TryGetProperty("certificate", out var certElement))
            {
                return Result<IdentityRecord>.Fail(Code, "The identity record lacks a required field.");
            }
            var createdAt = JsonFields.TryGetString(root, "createdAt", out var c) ? c : string.Empty;
            var updatedAt = JsonFields.TryGetString(root, "updatedAt", out var u) ? u : createdAt;
            var cert = AgentCertificate.FromElement(certElement);
            if (!cert.IsSuccess)
            {
                return Result<IdentityRecord>.Fail(Code, "The identity certificate is malformed.");
            }
            var record = new IdentityRecord
            {
                Namespace = ns, Did = did, KeyId = keyId, PublicKey = publicKey, PrivateKey = privateKey,
                Certificate = cert.Value, CreatedAt = createdAt, UpdatedAt = updatedAt,
            };
            var problem = record.Validate();
            return problem is null ? Result<IdentityRecord>.Ok(record) : Result<IdentityRecord>.Fail(Code, problem);
        }
        catch (JsonException)
        {
            return Result<IdentityRecord>.Fail(Code, "The identity file is not valid JSON.");
        }
    }

    private string? Validate()
    {
        if (!SigilumNamespace.IsValid(Namespace) || Did != SigilumNamespace.ToDid(Namespace))
        {
            return "The namespace or DID is invalid.";
        }
        if (!Base64Std.TryDecode(PrivateKey, out var seed) || seed.Length != Ed25519.SeedSize)
        {
            return "The private key is not a base64 32-byte Ed25519 seed.";
        }
        byte[] derived;
        try
        {
            derived = Ed25519.DerivePublicKey(seed);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
        if (PublicKey != AgentKeys.Format(derived))
        {
            return "The public key does not match the private key.";
        }
        if (KeyId != AgentKeys.KeyId(Did, derived))
        {
            return "The key id does not match the public key.";
        }
        if (!Certificate.VerifyProof())
        {
            return "The certificate proof does not verify.";
        }
        if (Certificate.Namespace != Namespace || Certificate.Did != Did || Certificate.KeyId != KeyId || Certificate.PublicKey != PublicKey)
        {
            return "The certificate does not match the identity record.";
        }
        return null;
    }
}
