using Sigilum.Core.Audit;
using Sigilum.Core.Generations;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Reading the last audited store generation (STO-15) at every gateway start, from a log that is open and so
/// preallocated with zeros (ADR 0031): the same answer as a line reader, without reading the zeros as a line
/// (issue #13: ~25 MB of large-object garbage per start, docs/perf/gateway-fifth-pass.md).
/// </summary>
public sealed class StoreGenerationReadTests : IDisposable
{
    private readonly TempDirectory _audit = new("sigilum-gw-generation-");

    public void Dispose() => _audit.Dispose();

    [Fact]
    public void LastAudited_LogWithAPreallocatedZeroTail_LastGenerationAndNoLineOfZeros()
    {
        Write(
            "{\"type\":\"gateway.release\",\"path\":\"/store.generation\"}\n" +
            "{\"type\":\"store.generation\",\"generation\":3,\"reason\":\"start\"}\n" +
            "{\"type\":\"gateway.outcome\",\"status\":200}\n" +
            "{\"type\":\"store.generation\",\"generation\":7,\"reason\":\"stop\"}\n",
            zeros: (int)AuditFile.DefaultPreallocationBytes);
        StoreGenerationCheck.LastAudited(_audit.Path);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var generation = StoreGenerationCheck.LastAudited(_audit.Path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(7, generation);
        // A line reader allocated more than the zero tail itself, twice over (its buffers and the line's string).
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes reading a log with a {AuditFile.DefaultPreallocationBytes}-byte zero tail");
    }

    [Fact]
    public void LastAudited_LastLineWithoutItsNewline_CountedAsALineReaderDid()
    {
        Write(
            "{\"type\":\"store.generation\",\"generation\":3,\"reason\":\"start\"}\n" +
            "{\"type\":\"store.generation\",\"generation\":9,\"reason\":\"stop\"}", zeros: 0);

        Assert.Equal(9, StoreGenerationCheck.LastAudited(_audit.Path));
    }

    [Fact]
    public void LastAudited_LinesLongerThanTheReadBuffer_EachReadWhole()
    {
        var padding = new string('x', 200 * 1024);
        Write(
            "{\"type\":\"store.generation\",\"generation\":4,\"reason\":\"start\"}\n" +
            $"{{\"type\":\"gateway.release\",\"path\":\"{padding}\"}}\n" +
            $"{{\"type\":\"store.generation\",\"generation\":5,\"reason\":\"start\",\"note\":\"{padding}\"}}\n" +
            "{\"type\":\"gateway.outcome\",\"status\":200}\n",
            zeros: 4096);

        Assert.Equal(5, StoreGenerationCheck.LastAudited(_audit.Path));
    }

    [Fact]
    public void LastAudited_NoGenerationRecordOrNoLog_Zero()
    {
        Assert.Equal(0, StoreGenerationCheck.LastAudited(_audit.Path));

        Write("{\"type\":\"gateway.release\",\"path\":\"/v1\"}\n", zeros: 4096);

        Assert.Equal(0, StoreGenerationCheck.LastAudited(_audit.Path));
    }

    private void Write(string records, int zeros)
    {
        using var file = new FileStream(Path.Combine(_audit.Path, AuditLogOptions.LogFileName), FileMode.Create, FileAccess.Write);
        file.Write(System.Text.Encoding.UTF8.GetBytes(records));
        file.Write(new byte[zeros]);
    }
}
