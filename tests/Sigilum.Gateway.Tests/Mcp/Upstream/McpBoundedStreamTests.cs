using System.Text;

namespace Sigilum.Gateway.Mcp.Upstream;

public sealed class McpBoundedStreamTests
{
    [Fact]
    public async Task Read_WholeBodyOverTheLimit_ThrowsAndReportsOnce()
    {
        var exceeded = 0;
        await using var stream = new McpBoundedStream(new MemoryStream(new byte[101]), 100, perEvent: false, () => exceeded++);

        await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));

        Assert.Equal(1, exceeded);
    }

    [Fact]
    public async Task Read_WholeBodyAtTheLimit_Passes()
    {
        await using var stream = new McpBoundedStream(new MemoryStream(new byte[100]), 100, perEvent: false, () => Assert.Fail("not exceeded"));
        var copy = new MemoryStream();

        await stream.CopyToAsync(copy);

        Assert.Equal(100, copy.Length);
    }

    [Fact]
    public async Task Read_PerEvent_ManySmallEventsPassWhatever_TheirTotal()
    {
        var events = string.Concat(Enumerable.Repeat("data: 0123456789\r\n\r\n", 50));
        await using var stream = new McpBoundedStream(new MemoryStream(Encoding.ASCII.GetBytes(events)), 40, perEvent: true, () => Assert.Fail("not exceeded"));

        await stream.CopyToAsync(Stream.Null);
    }

    [Fact]
    public async Task Read_PerEvent_OneEventOverTheLimit_Throws()
    {
        var exceeded = false;
        var events = "data: small\n\ndata: " + new string('x', 100) + "\n\n";
        await using var stream = new McpBoundedStream(new MemoryStream(Encoding.ASCII.GetBytes(events)), 50, perEvent: true, () => exceeded = true);

        await Assert.ThrowsAsync<IOException>(() => stream.CopyToAsync(Stream.Null));

        Assert.True(exceeded);
    }
}
