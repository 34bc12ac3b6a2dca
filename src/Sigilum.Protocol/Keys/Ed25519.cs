namespace Sigilum.Protocol.Keys;

/// <summary>
/// Ed25519 (RFC 8032) signing and verification. Uses libsodium (<c>libsodium.so.23</c>) when it
/// loads, otherwise the managed BouncyCastle implementation; both produce identical signatures
/// (Ed25519 is deterministic) and are tested against RFC 8032 §7.1 and against each other.
/// </summary>
/// <remarks>
/// Set the environment variable <c>SIGILUM_ED25519=managed</c> (see <see cref="EngineVariable"/>)
/// before first use to force the managed BouncyCastle engine, for example to rule out a native
/// library problem. Any other value, or none, means "libsodium when it loads". The choice is made
/// once per process; <see cref="Implementation"/> reports it.
/// </remarks>
public static class Ed25519
{
    /// <summary>Size of a public key in bytes.</summary>
    public const int PublicKeySize = 32;

    /// <summary>Size of a private seed in bytes.</summary>
    public const int SeedSize = 32;

    /// <summary>Size of a signature in bytes.</summary>
    public const int SignatureSize = 64;

    /// <summary>Environment variable that forces the managed engine when set to <c>managed</c>.</summary>
    public const string EngineVariable = "SIGILUM_ED25519";

    private static readonly Lazy<IEd25519Engine> DefaultEngine =
        new(() => SelectEngine(Environment.GetEnvironmentVariable(EngineVariable)));

    /// <summary>Name of the implementation in use: <c>libsodium</c> or <c>bouncycastle</c>.</summary>
    public static string Implementation => Engine.Name;

    internal static IEd25519Engine Engine => DefaultEngine.Value;

    /// <summary>Picks the engine for a <see cref="EngineVariable"/> value (separate for tests).</summary>
    internal static IEd25519Engine SelectEngine(string? preference)
    {
        if (string.Equals(preference?.Trim(), "managed", StringComparison.OrdinalIgnoreCase))
        {
            return BouncyCastleEd25519Engine.Instance;
        }
        return LibsodiumEd25519Engine.TryCreate(out var native) ? native : BouncyCastleEd25519Engine.Instance;
    }

    /// <summary>Derives the 32-byte public key from a 32-byte seed.</summary>
    public static byte[] DerivePublicKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"An Ed25519 seed is {SeedSize} bytes.", nameof(seed));
        }
        var publicKey = new byte[PublicKeySize];
        Engine.DerivePublicKey(seed, publicKey);
        return publicKey;
    }

    /// <summary>Signs a message with a seed and its public key.</summary>
    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message)
    {
        if (seed.Length != SeedSize || publicKey.Length != PublicKeySize)
        {
            throw new ArgumentException("An Ed25519 seed and public key are 32 bytes each.");
        }
        var signature = new byte[SignatureSize];
        Engine.Sign(seed, publicKey, message, signature);
        return signature;
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
        return Engine.Verify(publicKey, message, signature);
    }
}
