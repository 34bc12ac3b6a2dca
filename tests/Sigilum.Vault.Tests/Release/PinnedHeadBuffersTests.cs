using Sigilum.Vault.Http;

namespace Sigilum.Vault.Release;

/// <summary>
/// The reused pinned buffers under upstream heads (issue 13): a buffer comes back zeroed, is lent to one head at a
/// time, and the bounds hold. MEM-01 (the head's credential zeroed after use) is <see cref="UpstreamRequestHeadTests"/>.
/// </summary>
public sealed class PinnedHeadBuffersTests
{
    private static HttpHead Head() => HttpHeadParser.Parse("GET / HTTP/1.1\r\nHost: a.example.com\r\n\r\n", isResponse: false);

    private static Store.RouteConfig Route() => new("rt", "agt", "a.example.com", "/*", "b", "REF", [], null, false, default);

    [Fact]
    public void Rent_AfterAHeadWasDisposed_SameBufferAllZero()
    {
        var buffers = new PinnedHeadBuffers();
        var built = UpstreamRequestHead.Build(Head(), "/", "a.example.com", BodyFraming.None, Route(), "s3cret"u8, buffers: buffers);
        built.Dispose();

        var again = buffers.Rent(100);

        Assert.Equal(PinnedHeadBuffers.Size, again.Length);
        Assert.True(again.AsSpan().IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(0, buffers.IdleCount);
    }

    [Fact]
    public void Dispose_Twice_BufferGivenBackOnce()
    {
        var buffers = new PinnedHeadBuffers();
        var built = UpstreamRequestHead.Build(Head(), "/", "a.example.com", BodyFraming.None, Route(), "s3cret"u8, buffers: buffers);

        built.Dispose();
        built.Dispose();

        // Given back twice, two later heads would share one buffer (and one could read the other's credential).
        Assert.Equal(1, buffers.IdleCount);
        Assert.NotSame(buffers.Rent(10), buffers.Rent(10));
    }

    [Fact]
    public void Rent_LargerThanSize_OwnBufferZeroedAndNotKept()
    {
        var buffers = new PinnedHeadBuffers();
        var large = buffers.Rent(PinnedHeadBuffers.Size + 1);
        large[0] = 42;

        buffers.Return(large);

        Assert.True(large.Length > PinnedHeadBuffers.Size);
        Assert.Equal(0, large[0]);
        Assert.Equal(0, buffers.IdleCount);
    }

    [Fact]
    public void Return_MoreThanTheBound_ExtraBuffersDropped()
    {
        var buffers = new PinnedHeadBuffers();
        var rented = Enumerable.Range(0, 70).Select(_ => buffers.Rent(10)).ToList();

        rented.ForEach(buffers.Return);

        Assert.Equal(64, buffers.IdleCount);
    }
}
