using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.Core.Audit;

public sealed class AuditLogTests : IDisposable
{
    private const string Node = "gw-test-1";
    private readonly TempDirectory _dir = new("sigilum-audit-");
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(1_790_000_000);

    private string LogPath => Path.Combine(_dir.Path, AuditLogOptions.LogFileName);

    private string CheckpointPath => Path.Combine(_dir.Path, AuditLogOptions.CheckpointFileName);

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Append_ThenReopen_ContinuesChainAndVerifies()
    {
        await using (var log = AuditLog.Open(Options()))
        {
            for (var i = 0; i < 3; i++)
            {
                var record = await log.AppendAsync("credential.release", Fields(i));
                Assert.Equal(i + 1, record.Seq);
            }
        }

        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(3, log.Head.Seq);
            var next = await log.AppendAsync("credential.release", Fields(3));
            Assert.Equal(4, next.Seq);
        }

        var verification = VerifyOnDisk();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.Equal(4, verification.RecordsVerified);
        Assert.False(verification.TornTail);
        Assert.Equal(2, verification.CheckpointsMatched);
    }

    [Fact]
    public async Task Open_CreatesOwnerOnlyFiles()
    {
        await using (var log = AuditLog.Open(Options()))
        {
            await log.AppendAsync("gateway.request", Fields(0));
        }

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(LogPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CheckpointPath));
        }
    }

    [Fact]
    public async Task STO_05_PartialLineAfterLastRecord_TruncatedAtOpen_AndResumes()
    {
        await WriteRecordsAsync(3);
        var complete = new FileInfo(LogPath).Length;
        await File.AppendAllTextAsync(LogPath, "{\"v\":1,\"seq\":4,\"ts\":\"20");

        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(complete, RecordBytes().Length);
            Assert.Equal(3, log.Head.Seq);
            Assert.Equal(4, (await log.AppendAsync("gateway.request", Fields(4))).Seq);
        }

        var verification = VerifyOnDisk();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.False(verification.TornTail);
        Assert.Equal(4, verification.RecordsVerified);
    }

    [Fact]
    public async Task Open_LastRecordCutMidLine_BeforeAnyCheckpoint_ResumesFromPreviousRecord()
    {
        await WriteRecordsAsync(3);
        // A crash before the checkpoint was written: no checkpoint covers record 3.
        File.Delete(CheckpointPath);
        CutLog(10);

        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(2, log.Head.Seq);
            Assert.Equal(3, (await log.AppendAsync("gateway.request", Fields(3))).Seq);
        }

        var verification = VerifyOnDisk();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.Equal(3, verification.RecordsVerified);
    }

    [Fact]
    public async Task Open_LastRecordCutMidLine_AfterItWasCheckpointed_Refuses()
    {
        await WriteRecordsAsync(3);
        CutLog(10);

        var error = Assert.Throws<AuditLogCorruptedException>(() => AuditLog.Open(Options()));

        Assert.Equal(ErrorCatalogue.AuditTruncated, error.Code);
    }

    [Fact]
    public async Task Open_LogDeletedButCheckpointsRemain_Refuses()
    {
        await WriteRecordsAsync(2);
        File.Delete(LogPath);

        var error = Assert.Throws<AuditLogCorruptedException>(() => AuditLog.Open(Options()));

        Assert.Contains(ErrorCatalogue.AuditTruncated, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_TornCheckpointLine_IsDropped()
    {
        await WriteRecordsAsync(2);
        var complete = new FileInfo(CheckpointPath).Length;
        await File.AppendAllTextAsync(CheckpointPath, "{\"head\":\"ab");

        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(2, log.Head.Seq);
        }

        Assert.Equal(complete, new FileInfo(CheckpointPath).Length);
    }

    [Fact]
    public async Task Open_EditedRecord_Refuses()
    {
        await WriteRecordsAsync(3);
        var text = await File.ReadAllTextAsync(LogPath);
        await File.WriteAllTextAsync(LogPath, text.Replace("\"agent-1\"", "\"agent-9\"", StringComparison.Ordinal));

        var error = Assert.Throws<AuditLogCorruptedException>(() => AuditLog.Open(Options()));

        Assert.Equal(ErrorCatalogue.AuditHashMismatch, error.Code);
        Assert.Contains(ErrorCatalogue.AuditHashMismatch, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_CheckpointFromAnotherKey_Refuses()
    {
        await WriteRecordsAsync(2);
        using var other = Ed25519KeyPair.Generate();

        var error = Assert.Throws<AuditLogCorruptedException>(() => AuditLog.Open(Options() with { SigningKey = other }));

        Assert.Equal(ErrorCatalogue.AuditCheckpointInvalid, error.Code);
    }

    [Fact]
    public async Task STO_08_SecondWriterOnTheSameLog_FailsToOpen()
    {
        await using var log = AuditLog.Open(Options());
        await log.AppendAsync("gateway.request", Fields(0));

        Assert.ThrowsAny<IOException>(() => AuditLog.Open(Options()));
    }

    [Fact]
    public async Task ConcurrentAppends_AllLandInSeqOrder_AndChainVerifies()
    {
        const int Tasks = 32;
        const int PerTask = 50;
        TestAuditFile? file = null;
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        var records = new List<AuditRecord>();
        await using (var log = AuditLog.Open(options))
        {
            var all = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
            {
                var mine = new List<AuditRecord>();
                for (var i = 0; i < PerTask; i++)
                {
                    mine.Add(await log.AppendAsync("gateway.request", Fields(i), durable: i % 2 == 0));
                }
                return mine;
            })));
            records.AddRange(all.SelectMany(r => r));
        }

        Assert.Equal(Enumerable.Range(1, Tasks * PerTask).Select(i => (long)i), records.Select(r => r.Seq).Order());
        var seqs = File.ReadLines(LogPath).Select(line => AuditRecord.Parse(Encoding.UTF8.GetBytes(line)).Value!.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, Tasks * PerTask).Select(i => (long)i), seqs);
        var verification = VerifyOnDisk();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.Equal(Tasks * PerTask, verification.RecordsVerified);
        Assert.True(file!.Writes <= Tasks * PerTask);
    }

    [Fact]
    public async Task DurableAppend_CompletesOnlyAfterTheBatchFsync()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        var append = log.AppendAsync("credential.release", Fields(0), durable: true);
        await file.FlushEntered.Task;

        Assert.False(append.IsCompleted);
        Assert.Equal(0, file.Flushes);
        gate.Set();
        var record = await append;
        Assert.Equal(1, file.Flushes);
        Assert.Equal(record.Line.Length, RecordBytes().Length);
    }

    [Fact]
    public async Task AppendsQueuedDuringAnFsync_ShareTheNextBatch()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        var first = log.AppendAsync("credential.release", Fields(0));
        await file.FlushEntered.Task;
        var queued = Enumerable.Range(1, 20).Select(i => log.AppendAsync("credential.release", Fields(i))).ToArray();
        gate.Set();
        await first;
        await Task.WhenAll(queued);

        Assert.Equal(2, file.Writes);
        Assert.Equal(2, file.Flushes);
    }

    [Fact]
    public async Task NonDurableAppend_DoesNotWaitForTheWriter_AndIsSyncedByTheNextDurableOne()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        // The writer is stuck in the release's sync; the outcome is appended anyway, without waiting.
        var release = log.AppendAsync("credential.release", Fields(0), durable: true);
        await file.FlushEntered.Task;
        var outcome = log.AppendAsync("gateway.outcome", Fields(1), durable: false);

        Assert.True(outcome.IsCompletedSuccessfully);
        Assert.Equal(2, (await outcome).Seq);
        Assert.False(release.IsCompleted);
        gate.Set();
        await release;
        Assert.Equal(1, file.Flushes);

        // The outcome was written by a batch of its own without a sync; the next release's sync covers it.
        await log.AppendAsync("credential.release", Fields(2), durable: true);
        Assert.Equal(2, file.Flushes);
        Assert.Equal(3, CountLines(RecordBytes()));
    }

    [Fact]
    public async Task NonDurableAppend_NeverAwaitedDurably_IsDurableAfterDispose()
    {
        TestAuditFile? file = null;
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        var log = AuditLog.Open(options);

        var outcome = log.AppendAsync("gateway.outcome", Fields(0), durable: false);
        Assert.True(outcome.IsCompletedSuccessfully);
        await log.DisposeAsync();

        Assert.Equal(1, file!.Flushes);
        Assert.Equal(1, file.Completes);
        // A clean close cut the preallocated zeros: the file is exactly its records.
        Assert.Equal((await outcome).Line.Length, new FileInfo(LogPath).Length);
        var verification = VerifyOnDisk();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.Equal(1, verification.RecordsVerified);
        Assert.Equal(1, verification.CheckpointsMatched);
    }

    [Fact]
    public async Task GroupCommit_ConcurrentReleasesShareOneSync_AndTheirOutcomesAddNone()
    {
        const int Requests = 16;
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        // One request's release holds the writer in its sync while the other requests queue theirs.
        var first = RequestAsync(log, 0);
        await file.FlushEntered.Task;
        var others = Enumerable.Range(1, Requests - 1).Select(i => RequestAsync(log, i)).ToArray();
        gate.Set();
        await first;
        await Task.WhenAll(others);

        // Two syncs for sixteen requests: the first release's, and one shared by the fifteen queued behind it.
        // The outcomes waited for none.
        Assert.Equal(2, file.Flushes);
        Assert.Equal(2 * Requests, log.Head.Seq);
        await log.FlushAsync();
        Assert.Equal(3, file.Flushes);
        Assert.Equal(2 * Requests, CountLines(RecordBytes()));

        static async Task RequestAsync(AuditLog log, int i)
        {
            var release = await log.AppendAsync("gateway.release", Fields(i), durable: true);
            var outcome = log.AppendAsync("gateway.outcome", new JsonObject { ["release_seq"] = release.Seq }, durable: false);
            Assert.True(outcome.IsCompletedSuccessfully);
        }
    }

    [Fact]
    public async Task STO_01_BatchOfOutcomesAloneFails_TheLogFails_FlushAndTheNextReleaseAreRefused()
    {
        TestAuditFile? file = null;
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using var log = AuditLog.Open(options);
        file!.FailWrites = true;

        // A batch of non-durable records alone fails the log: nobody awaited them, the next caller learns it.
        _ = log.AppendAsync("gateway.outcome", Fields(0), durable: false);
        await Assert.ThrowsAsync<IOException>(log.FlushAsync);

        Assert.True(log.IsFailed);
        await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("credential.release", Fields(1)));
    }

    [Fact]
    public async Task STO_01_DiskFullOnAppend_FaultsTheAppend_LaterAppendsFailFast_UntilReopened()
    {
        TestAuditFile? file = null;
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using (var log = AuditLog.Open(options))
        {
            await log.AppendAsync("gateway.request", Fields(0));
            file!.FailWrites = true;

            var error = await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("credential.release", Fields(1)));
            Assert.IsType<IOException>(error.InnerException);
            Assert.True(log.IsFailed);

            var writes = file.Writes;
            var later = log.AppendAsync("credential.release", Fields(2));
            Assert.True(later.IsFaulted);
            await Assert.ThrowsAsync<IOException>(() => later);
            Assert.Equal(writes, file.Writes);
        }

        await using (var reopened = AuditLog.Open(Options()))
        {
            Assert.Equal(1, reopened.Head.Seq);
            Assert.Equal(2, (await reopened.AppendAsync("credential.release", Fields(1))).Seq);
        }
        Assert.True(VerifyOnDisk().Valid);
    }

    [Fact]
    public async Task STO_02_FsyncFails_EveryDurableAppendOfTheBatchFaults_AndNoFsyncIsRetried()
    {
        TestAuditFile? file = null;
        var options = Options() with { OpenFile = path => Wrap(path, ref file) };
        await using var log = AuditLog.Open(options);
        file!.FailFlushes = true;

        var appends = Enumerable.Range(0, 8).Select(i => log.AppendAsync("credential.release", Fields(i))).ToArray();

        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<IOException>(() => append);
        }
        Assert.True(log.IsFailed);
        // The disk "recovers": the log still refuses, and neither writes nor fsyncs again (no retry that
        // would report durability for pages a failed fsync may have dropped).
        file.FailFlushes = false;
        var writes = file.Writes;
        await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("credential.release", Fields(9)));
        await log.CheckpointIfDueAsync();
        Assert.True(log.IsFailed);
        Assert.Equal(writes, file.Writes);
        Assert.Equal(0, file.Flushes);
    }

    [Fact]
    public async Task STO_03_SinkBlocks_AppendFailsAfterTheWriteTimeout_AndTheLogStaysFailed()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var clock = new ManualClock(_time.GetUtcNow());
        var options = Options() with { OpenFile = path => Wrap(path, ref file), WriteTimeout = TimeSpan.FromSeconds(2), TimeProvider = clock };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        var append = log.AppendAsync("credential.release", Fields(0));
        await file.FlushEntered.Task;
        clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<IOException>(() => append);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(log.IsFailed);
        // The stalled write finishing later does not revive the log.
        gate.Set();
        await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("credential.release", Fields(1)));
        Assert.True(log.IsFailed);
    }

    [Fact]
    public async Task STO_03_SinkSlowerThanNothing_WithinTheTimeout_AppendSucceeds()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var clock = new ManualClock(_time.GetUtcNow());
        var options = Options() with { OpenFile = path => Wrap(path, ref file), WriteTimeout = TimeSpan.FromSeconds(2), TimeProvider = clock };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        var append = log.AppendAsync("credential.release", Fields(0));
        await file.FlushEntered.Task;
        clock.Advance(TimeSpan.FromSeconds(1));
        gate.Set();

        Assert.Equal(1, (await append).Seq);
        Assert.False(log.IsFailed);
    }

    [Fact]
    public async Task STO_03_SinkBlocks_ManyAppendsAndAFlushWait_OneWatchdogFailsThemAllAtTheDeadline()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var clock = new ManualClock(_time.GetUtcNow());
        var options = Options() with { OpenFile = path => Wrap(path, ref file), WriteTimeout = TimeSpan.FromSeconds(2), TimeProvider = clock };
        await using var log = AuditLog.Open(options);
        file!.FlushGate = gate;

        var waiting = new List<Task>();
        for (var i = 0; i < 8; i++)
        {
            waiting.Add(log.AppendAsync("credential.release", true, AuditField.String("request_id", $"req_{i}")));
        }
        waiting.Add(log.FlushAsync());
        await file.FlushEntered.Task;

        // The checkpoint timer and the one watchdog: no timer per waiting append (ADR 0050).
        Assert.Equal(2, clock.TimerCount);
        clock.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.All(waiting, task => Assert.False(task.IsCompleted));
        Assert.False(log.IsFailed);

        clock.Advance(TimeSpan.FromTicks(1));

        foreach (var task in waiting)
        {
            var error = await Assert.ThrowsAsync<IOException>(() => task);
            Assert.IsType<TimeoutException>(error.InnerException);
        }
        Assert.True(log.IsFailed);
        gate.Set();
    }

    [Fact]
    public async Task STO_03_StallAfterAnAppendCompleted_FailsAtTheStalledAppendsOwnDeadline()
    {
        TestAuditFile? file = null;
        using var gate = new ManualResetEventSlim(false);
        var clock = new ManualClock(_time.GetUtcNow());
        var options = Options() with { OpenFile = path => Wrap(path, ref file), WriteTimeout = TimeSpan.FromSeconds(2), TimeProvider = clock };
        await using var log = AuditLog.Open(options);
        await log.AppendAsync("credential.release", Fields(0));
        clock.Advance(TimeSpan.FromSeconds(1.5));
        file!.FlushGate = gate;

        var stalled = log.AppendAsync("credential.release", Fields(1));
        // The watchdog armed for the first append fires now, finds it done and re-arms for the second's deadline.
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.False(stalled.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1.4));
        Assert.False(stalled.IsCompleted);
        Assert.False(log.IsFailed);

        clock.Advance(TimeSpan.FromSeconds(0.1));

        var error = await Assert.ThrowsAsync<IOException>(() => stalled);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.True(log.IsFailed);
        gate.Set();
    }

    [Fact]
    public async Task AppendAsync_TypedFields_WritesTheSameLineAsJsonObjectFields()
    {
        await using (var log = AuditLog.Open(Options()))
        {
            await log.AppendAsync("credential.release", Fields(0));
        }
        var domLine = File.ReadAllLines(LogPath)[0];
        File.Delete(LogPath);
        File.Delete(CheckpointPath);

        await using (var log = AuditLog.Open(Options()))
        {
            await log.AppendAsync("credential.release", true,
                AuditField.String("request_id", "req_000000"), AuditField.String("agent", "agent-1"), AuditField.String("credential", "cred_openai"));
        }

        Assert.Equal(domLine, File.ReadAllLines(LogPath)[0]);
    }

    [Theory]
    [InlineData("deleted")]
    [InlineData("renamed")]
    [InlineData("replaced")]
    public async Task STO_04_LogFileDeletedRenamedOrReplaced_NextAppendFailsClosed(string how)
    {
        await using var log = AuditLog.Open(Options());
        await log.AppendAsync("gateway.request", Fields(0));

        switch (how)
        {
            case "deleted":
                File.Delete(LogPath);
                break;
            case "renamed":
                File.Move(LogPath, LogPath + ".moved");
                break;
            default:
                // A copy with the same bytes at the same path is still another file.
                File.Copy(LogPath, LogPath + ".copy");
                File.Move(LogPath + ".copy", LogPath, overwrite: true);
                break;
        }

        var error = await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("credential.release", Fields(1)));
        Assert.Contains("deleted, renamed or replaced", error.Message, StringComparison.Ordinal);
        Assert.True(log.IsFailed);
        await Assert.ThrowsAsync<IOException>(() => log.AppendAsync("credential.release", Fields(2)));
    }

    [Fact]
    public async Task STO_04_LogFileUntouched_IdentityCheckPasses()
    {
        await using var log = AuditLog.Open(Options());
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync("gateway.request", Fields(i));
        }

        Assert.False(log.IsFailed);
        Assert.True(VerifyOnDisk().Valid);
    }

    [Fact]
    public async Task Checkpoints_EveryNRecords_AreSignedAndAcceptedByTheVerifier()
    {
        var seen = new List<AuditCheckpoint>();
        var options = Options() with { CheckpointEveryRecords = 10, CheckpointWritten = seen.Add };
        await using (var log = AuditLog.Open(options))
        {
            for (var i = 0; i < 25; i++)
            {
                await log.AppendAsync("gateway.request", Fields(i));
            }
            Assert.Equal([10L, 20L], seen.Select(c => c.Seq));
            Assert.Equal(2, File.ReadLines(CheckpointPath).Count());
        }

        // Closing checkpoints the tail too.
        Assert.Equal([10L, 20L, 25L], seen.Select(c => c.Seq));
        Assert.All(seen, c => Assert.True(c.IsSignedBy(_key.PublicKey)));
        Assert.All(seen, c => Assert.Equal(Node, c.Node));
        var verification = VerifyOnDisk();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.Equal(3, verification.CheckpointsMatched);
    }

    [Fact]
    public async Task Checkpoints_EveryInterval_WhenRecordsWereAdded()
    {
        var seen = new List<AuditCheckpoint>();
        var options = Options() with { CheckpointInterval = TimeSpan.FromSeconds(60), CheckpointWritten = seen.Add };
        await using var log = AuditLog.Open(options);

        await log.AppendAsync("gateway.request", Fields(0));
        await log.CheckpointIfDueAsync();
        Assert.Empty(seen);

        _time.Advance(TimeSpan.FromSeconds(61));
        await log.CheckpointIfDueAsync();
        var checkpoint = Assert.Single(seen);
        Assert.Equal(1, checkpoint.Seq);
        Assert.Equal(_time.GetUtcNow(), checkpoint.Timestamp);

        // Nothing new since: an idle log is not checkpointed again.
        _time.Advance(TimeSpan.FromSeconds(61));
        await log.CheckpointIfDueAsync();
        Assert.Single(seen);

        // An append after the interval checkpoints with its own batch.
        _time.Advance(TimeSpan.FromSeconds(61));
        await log.AppendAsync("gateway.request", Fields(1));
        await log.AppendAsync("gateway.request", Fields(2));
        Assert.Equal([1L, 2L], seen.Select(c => c.Seq));
    }

    [Fact]
    public void Open_InvalidNodeId_ThrowsBeforeWritingAnything()
    {
        Assert.Throws<ArgumentException>(() => AuditLog.Open(Options() with { NodeId = "has space" }));

        Assert.False(File.Exists(LogPath));
    }

    [Fact]
    public async Task Append_ReservedFieldName_ThrowsSynchronously_AndTheChainDoesNotMove()
    {
        await using var log = AuditLog.Open(Options());

        Assert.Throws<ArgumentException>(() => { _ = log.AppendAsync("gateway.request", new JsonObject { ["seq"] = 9 }); });

        Assert.Equal(1, (await log.AppendAsync("gateway.request", Fields(0))).Seq);
    }

    [Fact]
    public async Task Append_AfterDispose_Throws()
    {
        var log = AuditLog.Open(Options());
        await log.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => { _ = log.AppendAsync("gateway.request"); });
    }

    private AuditLogOptions Options() => new()
    {
        Directory = _dir.Path,
        NodeId = Node,
        SigningKey = _key,
        TimeProvider = _time,
        CheckpointEveryRecords = 1000,
        CheckpointInterval = TimeSpan.FromHours(1),
    };

    private static JsonObject Fields(int i) => new()
    {
        ["agent"] = "agent-1",
        ["request_id"] = $"req_{i:D6}",
        ["credential"] = "cred_openai",
    };

    private static IAuditFile Wrap(string path, ref TestAuditFile? logFile)
    {
        if (path.EndsWith(AuditLogOptions.LogFileName, StringComparison.Ordinal))
        {
            logFile = new TestAuditFile(AuditFile.OpenForAppend(path, AuditFile.DefaultPreallocationBytes));
            return logFile;
        }
        return AuditFile.OpenForAppend(path);
    }

    /// <summary>The log's bytes up to its last record: a live log has preallocated zeros after it.</summary>
    private byte[] RecordBytes()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes[..(bytes.AsSpan().LastIndexOfAnyExcept((byte)0) + 1)];
    }

    private static int CountLines(byte[] bytes) => bytes.AsSpan().Count((byte)'\n');

    private async Task WriteRecordsAsync(int count)
    {
        await using var log = AuditLog.Open(Options());
        for (var i = 0; i < count; i++)
        {
            await log.AppendAsync("gateway.request", Fields(i));
        }
    }

    private void CutLog(int bytes)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Write);
        stream.SetLength(stream.Length - bytes);
    }

    private AuditVerification VerifyOnDisk()
    {
        var checkpoints = File.Exists(CheckpointPath)
            ? File.ReadLines(CheckpointPath).Select(line => AuditCheckpoint.Parse(line).Value!).ToList()
            : [];
        return AuditChainVerifier.Verify(File.ReadAllBytes(LogPath), new AuditVerifyOptions
        {
            Checkpoints = checkpoints,
            TrustedKeys = [_key.PublicKey.ToArray()],
            ExpectedNode = Node,
        });
    }
}
