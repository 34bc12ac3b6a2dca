using BenchmarkDotNet.Attributes;
using Sigilum.Protocol.Keys;

namespace Sigilum.Benchmarks;

/// <summary>Ed25519 through our API on a 256-byte message (the size of a typical signature base).</summary>
[MemoryDiagnoser]
public class Ed25519Benchmarks
{
    private readonly byte[] _message = new byte[256];
    private Ed25519KeyPair _key = null!;
    private byte[] _seed = null!;
    private byte[] _publicKey = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        _key = Ed25519KeyPair.Generate();
        _seed = _key.ExportSeed();
        _publicKey = _key.PublicKey.ToArray();
        System.Security.Cryptography.RandomNumberGenerator.Fill(_message);
        _signature = _key.Sign(_message);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(_seed);
        _key.Dispose();
    }

    /// <summary>What an agent pays per request: the key pair holds its secret key.</summary>
    [Benchmark]
    public byte[] Sign() => _key.Sign(_message);

    /// <summary>The one-shot path: imports the seed into a fresh secret key every call.</summary>
    [Benchmark]
    public byte[] SignFromSeed() => Ed25519.Sign(_seed, _publicKey, _message);

    [Benchmark]
    public bool Verify() => Ed25519.Verify(_publicKey, _message, _signature);
}
