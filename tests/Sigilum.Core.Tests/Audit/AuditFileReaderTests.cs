using System.Text;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.Core.Audit;

public sealed class AuditFileReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new("sigilum-audit-reader-");
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(1_790_000_000);

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void ReadShared_MissingFile_Null()
    {
        Assert.Null(AuditFileReader.ReadShared(Path.Combine(_dir.Path, "audit.jsonl")));
    }

    [Fact]
    public void ReadShared_MissingDirectory_Null()
    {
        Assert.Null(AuditFileReader.ReadShared(Path.Combine(_dir.Path, "gone", "audit.jsonl")));
    }

    [Fact]
    public void ReadShared_FileOpenForWritingByAnother_ReadsWhatIsThere()
    {
        var path = Path.Combine(_dir.Path, "audit.jsonl");
        using var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        writer.Write("{\"seq\":1}\n"u8);
        writer.Flush();

        Assert.Equal("{\"seq\":1}\n", Encoding.UTF8.GetString(AuditFileReader.ReadShared(path)!));
    }

    [Fact]
    public void ParseCheckpoints_ValidLines_AllInFileOrder()
    {
        var text = Line(1) + "\n" + Line(2) + "\n";

        var read = AuditFileReader.ParseCheckpoints(Encoding.UTF8.GetBytes(text));

        Assert.Equal([1L, 2L], read.Checkpoints.Select(c => c.Seq));
        Assert.Empty(read.Invalid);
        Assert.Equal(2, read.ParsedBeforeFirstInvalid);
    }

    [Fact]
    public void ParseCheckpoints_BadLineInTheMiddle_ReportedWithItsLineNumber()
    {
        var text = Line(1) + "\n" + "{\"not\":\"a checkpoint\"}\n" + Line(3) + "\n";

        var read = AuditFileReader.ParseCheckpoints(Encoding.UTF8.GetBytes(text));

        Assert.Equal([1L, 3L], read.Checkpoints.Select(c => c.Seq));
        Assert.Equal(2, Assert.Single(read.Invalid).Line);
        Assert.Equal(1, read.ParsedBeforeFirstInvalid);
    }

    [Fact]
    public void ParseCheckpoints_TornLastLine_SkippedNotReported()
    {
        var line = Line(2);
        var text = Line(1) + "\n" + line[..(line.Length / 2)];

        var read = AuditFileReader.ParseCheckpoints(Encoding.UTF8.GetBytes(text));

        Assert.Equal([1L], read.Checkpoints.Select(c => c.Seq));
        Assert.Empty(read.Invalid);
    }

    [Fact]
    public void ParseCheckpoints_CompleteLastLineWithoutNewline_Kept()
    {
        var text = Line(1) + "\n" + Line(2);

        var read = AuditFileReader.ParseCheckpoints(Encoding.UTF8.GetBytes(text));

        Assert.Equal([1L, 2L], read.Checkpoints.Select(c => c.Seq));
    }

    [Fact]
    public void ParseCheckpoints_Empty_Nothing()
    {
        var read = AuditFileReader.ParseCheckpoints([]);

        Assert.Empty(read.Checkpoints);
        Assert.Empty(read.Invalid);
    }

    private string Line(long seq) =>
        AuditCheckpoint.Sign("gw-test-1", new AuditChainHead(seq, new string('a', 64), null), _time, _key).ToString();
}
