using System.Buffers;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, for the scrubbed response
/// body: one per forwarded response, where an <see cref="ArrayBufferWriter{T}"/> allocated a fresh 16 KiB array per
/// request (issue #13). Every array is zeroed before it goes back to the pool, as the old writer's
/// <see cref="ArrayBufferWriter{T}.Clear"/> did.
/// </summary>
internal sealed class PooledBufferWriter(int initialCapacity) : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);
    private int _written;

    public int WrittenCount => _written;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    /// <summary>Starts over (zeroing what was written), keeping the array.</summary>
    public void Reset()
    {
        Array.Clear(_buffer, 0, _written);
        _written = 0;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _written);
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void Dispose()
    {
        Array.Clear(_buffer, 0, _written);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _written = 0;
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        Array.Clear(_buffer, 0, _written);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
