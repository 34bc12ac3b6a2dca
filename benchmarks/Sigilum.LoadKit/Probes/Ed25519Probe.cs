using System.Security.Cryptography;
using Sigilum.LoadKit.Native;
using Sigilum.Protocol.Keys;

namespace Sigilum.LoadKit.Probes;

/// <summary>
/// The cost of one Ed25519 verification through our API (<see cref="Ed25519.Verify"/>, libsodium
/// through NSec), measured in the same run as the load so "gateway CPU per request ≤ 3x one verify" is a ratio of
/// two figures taken under the same conditions. A 256-byte message, about the size of a signature base.
/// </summary>
internal static class Ed25519Probe
{
    public const int MessageBytes = 256;
    public const int BatchSize = 100;

    public static Ed25519Result Run(int verifications, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(verifications, BatchSize);
        var seed = RandomNumberGenerator.GetBytes(Ed25519.SeedSize);
        var message = RandomNumberGenerator.GetBytes(MessageBytes);
        byte[] publicKey, signature;
        try
        {
            publicKey = Ed25519.DerivePublicKey(seed);
            signature = Ed25519.Sign(seed, publicKey, message);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
        // Warm-up: load the engine, let the JIT settle the loop.
        for (var i = 0; i < BatchSize * 5; i++)
        {
            Check(Ed25519.Verify(publicKey, message, signature));
        }
        var batches = verifications / BatchSize;
        var cpu = new List<double>(batches);
        var wall = new List<double>(batches);
        for (var b = 0; b < batches; b++)
        {
            var cpu0 = Libc.ThreadCpuNanoseconds();
            var wall0 = time.GetTimestamp();
            var ok = true;
            for (var i = 0; i < BatchSize; i++)
            {
                ok &= Ed25519.Verify(publicKey, message, signature);
            }
            var elapsed = time.GetElapsedTime(wall0);
            var cpuNanos = Libc.ThreadCpuNanoseconds() - cpu0;
            Check(ok);
            cpu.Add(cpuNanos / 1000.0 / BatchSize);
            wall.Add(elapsed.TotalMicroseconds / BatchSize);
        }
        return new Ed25519Result(Ed25519.Implementation, batches * BatchSize, MessageBytes, BatchSize, Distribution.Of(cpu), Distribution.Of(wall));
    }

    // A verification that fails would time the wrong path (an early reject), so the probe refuses to report it.
    private static void Check(bool verified)
    {
        if (!verified)
        {
            throw new InvalidOperationException("Ed25519 probe: a valid signature did not verify.");
        }
    }
}
