using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sigilum.Vault.Release;

/// <summary>
/// Pinned buffers for upstream request heads (which hold the injected credential), reused instead of allocated per
/// request: a pinned array lives on the pinned object heap, which only a gen-2 collection frees, so one per request
/// grew the heap and forced full collections under load (issue 13). A buffer is zeroed before it goes back, so a
/// reused buffer never holds an earlier request's credential; heads larger than <see cref="Size"/> get their own.
/// </summary>
internal sealed class PinnedHeadBuffers
{
    /// <summary>Enough for the usual head (method, target, a dozen fields and the credential).</summary>
    public const int Size = 4096;

    /// <summary>At most this many idle buffers are kept (64 × 4 KiB), about the requests in flight on a busy vault.</summary>
    private const int MaxIdle = 64;

    private readonly ConcurrentQueue<byte[]> _idle = new();
    private int _idleCount;

    /// <summary>The one the vault uses.</summary>
    public static PinnedHeadBuffers Shared { get; } = new();

    /// <summary>Idle buffers kept now.</summary>
    public int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>A pinned buffer of at least <paramref name="minimum"/> bytes; all zero.</summary>
    public byte[] Rent(int minimum)
    {
        if (minimum <= Size && _idle.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _idleCount);
            return buffer;
        }
        return GC.AllocateArray<byte>(Math.Max(minimum, Size), pinned: true);
    }

    /// <summary>Zeroes <paramref name="buffer"/> and keeps it for the next head (when there is room).</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CryptographicOperations.ZeroMemory(buffer);
        if (buffer.Length != Size || Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            if (buffer.Length == Size)
            {
                Interlocked.Decrement(ref _idleCount);
            }
            return;
        }
        _idle.Enqueue(buffer);
    }
}
