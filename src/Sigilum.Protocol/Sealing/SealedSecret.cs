using System.Security.Cryptography;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Sealing;

/// <summary>
/// Sealed secrets, format v1 (ADR 0018): a provider secret typed in the dashboard is encrypted in the
/// browser to the target gateway's P-256 key, so the control plane relays ciphertext only.
/// Z = raw ECDH(ephemeral, recipient) (32 bytes, WebCrypto <c>deriveBits(…, 256)</c>); key =
/// HKDF-SHA256(ikm = Z, salt = empty, info = "sigilum-sealed-secret/v1", 32 bytes); AES-256-GCM with a
/// 12-byte random IV, the 128-bit tag appended to the ciphertext, associated data = the UTF-8 bytes of
/// <c>kid</c>. Every intermediate secret (Z, key, plaintext copies) is zeroed before returning.
/// </summary>
public static class SealedSecret
{

    /// <summary>The HKDF info string of format v1.</summary>
    public const string HkdfInfo = "sigilum-sealed-secret/v1";

    private const int IvBytes = 12;
    private const int TagBytes = 16;
    private const int PointBytes = 65;

    /// <summary><c>kid</c> of a public key: base64url(SHA-256(SubjectPublicKeyInfo DER)).</summary>
    public static string KeyId(ReadOnlySpan<byte> subjectPublicKeyInfo) => Base64Url.Encode(SHA256.HashData(subjectPublicKeyInfo));

    /// <summary>The base64url SubjectPublicKeyInfo (WebCrypto <c>importKey("spki")</c>) of <paramref name="key"/>'s public half.</summary>
    public static string PublicKey(ECDiffieHellman key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.Encode(key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>
    /// Checks that <paramref name="publicKey"/> is the canonical base64url of a P-256 SubjectPublicKeyInfo
    /// and returns its <c>kid</c>.
    /// </summary>
    public static Result<string> ParsePublicKey(string? publicKey)
    {
        if (!Base64Url.TryDecode(publicKey, out var spki) || spki.Length > 512)
        {
            return Result<string>.Fail(ErrorCatalogue.SealedSecretInvalid, "The encryption key is not base64url.");
        }
        try
        {
            using var key = ECDiffieHellman.Create();
            key.ImportSubjectPublicKeyInfo(spki, out var read);
            var parameters = key.ExportParameters(false);
            if (read != spki.Length || !IsP256(parameters.Curve))
            {
                return Result<string>.Fail(ErrorCatalogue.SealedSecretInvalid, "The encryption key is not a P-256 public key.");
            }
        }
        catch (CryptographicException)
        {
            return Result<string>.Fail(ErrorCatalogue.SealedSecretInvalid, "The encryption key is not a P-256 public key.");
        }
        return Result<string>.Ok(KeyId(spki));
    }

    /// <summary>Seals <paramref name="plaintext"/> to the recipient (base64url SPKI) with a fresh ephemeral key and IV.</summary>
    public static SealedSecretEnvelope Seal(string recipientPublicKey, ReadOnlySpan<byte> plaintext)
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        Span<byte> iv = stackalloc byte[IvBytes];
        RandomNumberGenerator.Fill(iv);
        return Seal(recipientPublicKey, plaintext, ephemeral, iv);
    }

    /// <summary>
    /// Seals with a given ephemeral key and IV: for known-answer vectors only: reusing either with the
    /// same recipient breaks the encryption.
    /// </summary>
    public static SealedSecretEnvelope Seal(string recipientPublicKey, ReadOnlySpan<byte> plaintext, ECDiffieHellman ephemeral, ReadOnlySpan<byte> iv)
    {
        ArgumentNullException.ThrowIfNull(ephemeral);
        if (iv.Length != IvBytes)
        {
            throw new ArgumentException("The IV must be 12 bytes.", nameof(iv));
        }
        if (!Base64Url.TryDecode(recipientPublicKey, out var spki))
        {
            throw new ArgumentException("The recipient key is not base64url.", nameof(recipientPublicKey));
        }
        var kid = KeyId(spki);
        using var recipient = ECDiffieHellman.Create();
        recipient.ImportSubjectPublicKeyInfo(spki, out _);
        var epk = RawPoint(ephemeral.ExportParameters(false));
        var output = new byte[plaintext.Length + TagBytes];
        var key = DeriveKey(ephemeral, recipient.PublicKey);
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Encrypt(iv, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), System.Text.Encoding.UTF8.GetBytes(kid));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        return new SealedSecretEnvelope(kid, Base64Url.Encode(epk), Base64Url.Encode(iv), Base64Url.Encode(output));
    }

    /// <summary>
    /// Opens <paramref name="envelope"/> with the recipient's private key. The returned bytes are the
    /// caller's to zero. Every failure (another key's kid, a malformed field, a point off the curve, a
    /// tag that does not verify) is <see cref="ErrorCatalogue.SealedSecretInvalid"/>.
    /// </summary>
    public static Result<byte[]> Open(ECDiffieHellman recipient, SealedSecretEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(envelope);
        if (!string.Equals(envelope.Kid, KeyId(recipient.ExportSubjectPublicKeyInfo()), StringComparison.Ordinal))
        {
            return Fail("it was sealed to another key (kid)");
        }
        if (!Base64Url.TryDecode(envelope.Epk, out var epk) || epk.Length != PointBytes || epk[0] != 0x04)
        {
            return Fail("epk is not an uncompressed P-256 point");
        }
        if (!Base64Url.TryDecode(envelope.Iv, out var iv) || iv.Length != IvBytes)
        {
            return Fail("iv is not 12 bytes");
        }
        if (!Base64Url.TryDecode(envelope.Ct, out var ct) || ct.Length < TagBytes)
        {
            return Fail("ct is shorter than the tag");
        }
        ECDiffieHellman sender;
        try
        {
            // Import validates that the point is on the curve (an invalid-curve point must not reach ECDH).
            sender = ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = epk[1..33], Y = epk[33..] },
            });
        }
        catch (CryptographicException)
        {
            return Fail("epk is not a point on P-256");
        }
        using (sender)
        {
            byte[] key;
            try
            {
                key = DeriveKey(recipient, sender.PublicKey);
            }
            catch (CryptographicException)
            {
                return Fail("the key agreement failed");
            }
            var plaintext = new byte[ct.Length - TagBytes];
            try
            {
                using var aes = new AesGcm(key, TagBytes);
                aes.Decrypt(iv, ct.AsSpan(0, plaintext.Length), ct.AsSpan(plaintext.Length), plaintext, System.Text.Encoding.UTF8.GetBytes(envelope.Kid));
                return Result<byte[]>.Ok(plaintext);
            }
            catch (AuthenticationTagMismatchException)
            {
                CryptographicOperations.ZeroMemory(plaintext);
                return Fail("the tag does not verify");
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }
    }

    private static byte[] DeriveKey(ECDiffieHellman own, ECDiffieHellmanPublicKey other)
    {
        var z = own.DeriveRawSecretAgreement(other);
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, z, 32, salt: [], info: System.Text.Encoding.UTF8.GetBytes(HkdfInfo));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(z);
        }
    }

    private static byte[] RawPoint(ECParameters parameters)
    {
        var raw = new byte[PointBytes];
        raw[0] = 0x04;
        parameters.Q.X.AsSpan().CopyTo(raw.AsSpan(1 + 32 - parameters.Q.X!.Length));
        parameters.Q.Y.AsSpan().CopyTo(raw.AsSpan(33 + 32 - parameters.Q.Y!.Length));
        return raw;
    }

    private static bool IsP256(ECCurve curve) =>
        curve.IsNamed && (curve.Oid.Value == "1.2.840.10045.3.1.7" || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1");

    private static Result<byte[]> Fail(string reason) => Result<byte[]>.Fail(ErrorCatalogue.SealedSecretInvalid, "Sealed secret: " + reason + ".");
}
