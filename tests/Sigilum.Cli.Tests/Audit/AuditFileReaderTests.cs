using System.Text;
using Sigilum.CommandLine.Audit;
using Sigilum.Testing;

namespace Sigilum.Cli.Audit;

/// <summary>The audit-file reader both CLIs use (sigilum audit, sigil-vault audit).</summary>
public sealed class AuditFileReaderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReadShared_MissingFile_IsNull()
    {
        using var dir = new TempDirectory();

        Assert.Null(AuditFileReader.ReadShared(Path.Combine(dir.Path, "audit.jsonl")));
    }

    [Fact]
    public void ReadShared_FileOpenForAppending_ReadsWhatIsWritten()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "audit.jsonl");
        using var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        writer.Write("{\"seq\":1}\n"u8);
        writer.Flush();

        Assert.Equal("{\"seq\":1}\n", Encoding.UTF8.GetString(AuditFileReader.ReadShared(path)!));
    }

    [Fact]
    public void CompleteLength_PartialLastLine_EndsAfterTheLastNewline()
    {
        Assert.Equal(10, AuditFileReader.CompleteLength("{\"seq\":1}\n{\"se"u8));
        Assert.Equal(0, AuditFileReader.CompleteLength("{\"se"u8));
    }

    [Fact]
    public async Task FollowAsync_LinesWrittenOverPreallocatedZeros_YieldedOnceEachWhenComplete()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "audit.jsonl");
        await File.WriteAllBytesAsync(path, [.. "a\n"u8, .. new byte[64]]);
        var clock = new ManualClock(Start);
        using var stop = new CancellationTokenSource();
        var truncations = 0;
        await using var follow = AuditFileReader.FollowAsync(path, 2, clock, () => truncations++, stop.Token).GetAsyncEnumerator();

        var next = follow.MoveNextAsync().AsTask();
        await WriteAtAsync(path, 2, "b\nc");
        await TickAsync(clock, 1);
        Assert.True(await next);
        Assert.Equal("b\n", Encoding.UTF8.GetString(follow.Current));

        next = follow.MoveNextAsync().AsTask();
        await TickAsync(clock, 2);
        // "c" without its newline was not yielded: the follower sleeps again.
        await clock.WhenTimerDueAsync(Start + AuditFileReader.FollowInterval * 3);
        await WriteAtAsync(path, 5, "\n");
        await TickAsync(clock, 3);
        Assert.True(await next);
        Assert.Equal("c\n", Encoding.UTF8.GetString(follow.Current));
        Assert.Equal(0, truncations);

        next = follow.MoveNextAsync().AsTask();
        await stop.CancelAsync();
        Assert.False(await next);
    }

    [Fact]
    public async Task FollowAsync_FileBecameShorter_ToldAndReadFromTheStart()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "audit.jsonl");
        await File.WriteAllTextAsync(path, "a\nb\nc\n");
        var clock = new ManualClock(Start);
        using var stop = new CancellationTokenSource();
        var truncations = 0;
        await using var follow = AuditFileReader.FollowAsync(path, 6, clock, () => truncations++, stop.Token).GetAsyncEnumerator();

        var next = follow.MoveNextAsync().AsTask();
        await File.WriteAllTextAsync(path, "x\n");
        await TickAsync(clock, 1);

        Assert.True(await next);
        Assert.Equal("x\n", Encoding.UTF8.GetString(follow.Current));
        Assert.Equal(1, truncations);
        await stop.CancelAsync();
    }

    /// <summary>Waits until the follower sleeps for its <paramref name="tick"/>-th interval, then ends that sleep.</summary>
    private static async Task TickAsync(ManualClock clock, int tick)
    {
        await clock.WhenTimerDueAsync(Start + AuditFileReader.FollowInterval * tick);
        clock.Advance(AuditFileReader.FollowInterval);
    }

    private static async Task WriteAtAsync(string path, long offset, string text)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Seek(offset, SeekOrigin.Begin);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
    }
}
