using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Keys;

namespace Sigilum.Benchmarks;

/// <summary>Both Ed25519 engines side by side on a 256-byte message (the size of a typical signature base).</summary>
[MemoryDiagnoser]
public class Ed25519Benchmarks
{
    private readonly byte[] _message = new byte[256];
    private byte[] _seed = null!;
    private byte[] _publicKey = null!;
    private byte[] _signature = null!;
    private IEd25519Engine _engine = null!;

    [Params("libsodium", "bouncycastle")]
    public string Engine { get; set; } = "libsodium";

    [GlobalSetup]
    public void Setup()
    {
        if (Engine == "libsodium")
        {
            _engine = LibsodiumEd25519Engine.TryCreate(out var native) ? native! : throw new InvalidOperationException("libsodium.so.23 did not load.");
        }
        else
        {
            _engine = BouncyCastleEd25519Engine.Instance;
        }
        _seed = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(_seed);
        System.Security.Cryptography.RandomNumberGenerator.Fill(_message);
        _publicKey = new byte[32];
        _engine.DerivePublicKey(_seed, _publicKey);
        _signature = new byte[64];
        _engine.Sign(_seed, _publicKey, _message, _signature);
    }

    [Benchmark]
    public byte[] Sign()
    {
        var signature = new byte[64];
        _engine.Sign(_seed, _publicKey, _message, signature);
        return signature;
    }

    [Benchmark]
    public bool Verify() => _engine.Verify(_publicKey, _message, _signature);
}
