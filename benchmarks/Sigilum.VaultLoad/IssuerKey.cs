using System.Security.Cryptography;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;

namespace Sigilum.VaultLoad;

/// <summary>A local attestation issuer key the benchmark vault pins with <c>trust add --jwk</c>.</summary>
internal static class IssuerKey
{
    public const string Kid = "bench-issuer";

    public static int Generate(Arguments args)
    {
        var dir = args.Required("dir");
        Directory.CreateDirectory(dir);
        using var key = Ed25519KeyPair.Generate();
        var seed = key.ExportSeed();
        try
        {
            File.WriteAllText(Path.Combine(dir, "issuer.seed"), Convert.ToBase64String(seed));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
        File.WriteAllText(Path.Combine(dir, "issuer.jwk"), Jwk.FromPublicKey(key.PublicKey, Kid).ToJson());
        Console.WriteLine(Kid + " " + RawKeyFingerprint.Compute(key.PublicKey));
        return 0;
    }

    public static Ed25519KeyPair Load(string dir)
    {
        var seed = Convert.FromBase64String(File.ReadAllText(Path.Combine(dir, "issuer.seed")).Trim());
        try
        {
            return Ed25519KeyPair.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
