using System.Reflection;
using NSec.Cryptography;

namespace Sigilum.Protocol.Keys;

/// <summary>
/// Ed25519 (RFC 8032 pure Ed25519, no context, no prehash) through NSec.Cryptography, which wraps the
/// libsodium it ships for each runtime (docs/decisions/0046-ed25519-on-nsec.md). Secret keys live in
/// NSec <see cref="Key"/> objects: libsodium's guarded allocation, zeroed when the key is disposed.
/// </summary>
public static class Ed25519
{
    /// <summary>Size of a public key in bytes.</summary>
    public const int PublicKeySize = 32;

    /// <summary>Size of a private seed in bytes.</summary>
    public const int SeedSize = 32;

    /// <summary>Size of a signature in bytes.</summary>
    public const int SignatureSize = 64;

    /// <summary>The one algorithm instance; NSec's algorithms are stateless and thread-safe.</summary>
    internal static readonly SignatureAlgorithm Algorithm = SignatureAlgorithm.Ed25519;

    /// <summary>Which implementation signs and verifies, with the NSec version (for <c>sigilum versions</c> and benchmarks).</summary>
    public static string Implementation { get; } =
        "libsodium (NSec " + (typeof(Key).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(Key).Assembly.GetName().Version?.ToString(3) ?? "unknown").Split('+')[0] + ")";

    /// <summary>Derives the 32-byte public key from a 32-byte seed.</summary>
    public static byte[] DerivePublicKey(ReadOnlySpan<byte> seed)
    {
        using var key = ImportSeed(seed, KeyExportPolicies.None);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    /// <summary>
    /// Signs a message with a seed and its public key. Prefer <see cref="Ed25519KeyPair.Sign"/> for repeated
    /// signing: this imports the seed into a fresh secret key on every call.
    /// </summary>
    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        if (seed.Length != SeedSize || publicKey.Length != PublicKeySize)
        {
            throw new ArgumentException("An Ed25519 seed and public key are 32 bytes each.");
        }
        using var key = ImportSeed(seed, KeyExportPolicies.None);
        // libsodium signs with the public key it derives from the seed; a caller's public key that does
        // not match is a caller error (it would publish a key that cannot verify), so it is refused.
        Span<byte> derived = stackalloc byte[PublicKeySize];
        if (!key.PublicKey.TryExport(KeyBlobFormat.RawPublicKey, derived, out _) || !derived.SequenceEqual(publicKey))
        {
            throw new ArgumentException("The public key does not belong to the seed.", nameof(publicKey));
        }
        return Algorithm.Sign(key, message);
    }

    /// <summary>
    /// Verifies a signature. Wrong-length keys or signatures verify as false rather than throwing,
    /// because they arrive from the network.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }
        // A raw Ed25519 public key import is a copy (no point decoding); libsodium's verify does the
        // canonical-encoding and small-order checks, as it did behind our earlier P/Invoke.
        return PublicKey.TryImport(Algorithm, publicKey, KeyBlobFormat.RawPublicKey, out var key) &&
            Algorithm.Verify(key!, message, signature);
    }

    /// <summary>Imports a seed straight into libsodium's guarded memory; NSec keeps no managed copy of it.</summary>
    internal static Key ImportSeed(ReadOnlySpan<byte> seed, KeyExportPolicies exportPolicy)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes.", nameof(seed));
        }
        var parameters = new KeyCreationParameters { ExportPolicy = exportPolicy };
        return Key.Import(Algorithm, seed, KeyBlobFormat.RawPrivateKey, in parameters);
    }
}
