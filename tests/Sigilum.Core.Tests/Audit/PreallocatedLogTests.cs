using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.Core.Audit;

/// <summary>
/// The record log preallocated in zero-filled chunks (ADR 0031): what a live, a crashed and a cleanly closed
/// log look like, what recovery accepts after the last record (zeros, a cut-off line then zeros) and what it
/// refuses (data after zeros), and the directory sync after files are created.
/// </summary>
public sealed class PreallocatedLogTests : IDisposable
{
    private const string Node = "gw-test-1";
    private const long Chunk = 4096;
    private readonly TempDirectory _dir = new("sigilum-audit-prealloc-");
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();
    private readonly FakeTimeProvider _time = new(1_790_000_000);
    private readonly List<string> _synced = [];

    private string LogPath => Path.Combine(_dir.Path, AuditLogOptions.LogFileName);

    public void Dispose()
    {
        _key.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Open_LiveLogIsPreallocatedInChunks_CleanCloseCutsTheZeros()
    {
        long recordBytes = 0;
        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(Chunk, new FileInfo(LogPath).Length);
            // ~150 bytes a record: 60 records cross the 4 KiB chunk twice.
            for (var i = 0; i < 60; i++)
            {
                recordBytes += (await log.AppendAsync("gateway.release", Fields(i))).Line.Length;
            }
            var length = new FileInfo(LogPath).Length;
            Assert.Equal(0, length % Chunk);
            Assert.True(length > recordBytes);
            Assert.True(Verify().Valid);
        }

        Assert.Equal(recordBytes, new FileInfo(LogPath).Length);
        var verification = Verify();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.False(verification.TornTail);
        Assert.Equal(60, verification.RecordsVerified);
    }

    [Fact]
    public async Task STO_05_CrashWithZeroTail_IsNotCorruption_AppendsContinueAfterTheLastRecord()
    {
        var complete = await WriteRecordsAsync(3);
        // What a crash leaves: the records, then the rest of the preallocated chunk.
        AppendBytes(new byte[5000]);

        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(3, log.Head.Seq);
            Assert.Equal(4, (await log.AppendAsync("gateway.release", Fields(3))).Seq);
        }

        var verification = Verify();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.Equal(4, verification.RecordsVerified);
        Assert.True(new FileInfo(LogPath).Length > complete);
    }

    [Fact]
    public async Task STO_05_PartialLineThenZeros_TruncatedAtOpen_AndResumes()
    {
        var complete = await WriteRecordsAsync(3);
        AppendBytes([.. Encoding.UTF8.GetBytes("{\"v\":1,\"seq\":4,\"ts\":\"20"), .. new byte[3000]]);

        var verifyLive = AuditChainVerifier.Verify(File.ReadAllBytes(LogPath));
        Assert.True(verifyLive.Valid);
        Assert.True(verifyLive.TornTail);
        Assert.Equal(complete, verifyLive.TornTailOffset);

        await using (var log = AuditLog.Open(Options()))
        {
            Assert.Equal(3, log.Head.Seq);
            Assert.Equal(4, (await log.AppendAsync("gateway.release", Fields(3))).Seq);
        }

        var verification = Verify();
        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.False(verification.TornTail);
        Assert.Equal(4, verification.RecordsVerified);
    }

    [Theory]
    [InlineData("zeros, then data, then zeros")]
    [InlineData("a cut-off line with a hole in it")]
    [InlineData("zeros, then a whole line")]
    public async Task STO_05_DataAfterZeros_IsNotAPreallocatedTail_RefusesToOpen(string shape)
    {
        await WriteRecordsAsync(3);
        byte[] tail = shape switch
        {
            "zeros, then data, then zeros" => [.. new byte[100], .. "garbage"u8, .. new byte[100]],
            "a cut-off line with a hole in it" => [.. "{\"v\":1,\"se"u8, .. new byte[100], .. "q\":4"u8, .. new byte[100]],
            _ => [.. new byte[100], .. "{\"v\":1}\n"u8, .. new byte[100]],
        };
        AppendBytes(tail);
        var before = File.ReadAllBytes(LogPath);

        var error = Assert.Throws<AuditLogCorruptedException>(() => AuditLog.Open(Options()));

        Assert.Equal(ErrorCatalogue.AuditLineMalformed, error.Code);
        // Refused, not repaired: the bytes stay for the operator to inspect.
        Assert.Equal(before, File.ReadAllBytes(LogPath));
    }

    [Fact]
    public void Verify_LinesOfALiveLog_IgnoreTheZerosAfterTheLastRecord()
    {
        var chain = AuditChain.StartNew(_time);
        var text = Encoding.UTF8.GetString(chain.Append("gateway.release", Fields(0)).Line.Span) + new string('\0', 200);

        var verification = AuditChainVerifier.Verify(text.Split('\n'));

        Assert.True(verification.Valid, verification.Error?.Reason);
        Assert.False(verification.TornTail);
        Assert.Equal(1, verification.RecordsVerified);
    }

    [Fact]
    public async Task Open_CreatingTheDirectoryAndFiles_SyncsTheDirectoryAndItsParent_ReopeningSyncsNothing()
    {
        var directory = Path.Combine(_dir.Path, "new", "audit");
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        var options = Options() with { Directory = directory };

        await using (var log = AuditLog.Open(options))
        {
            Assert.Equal([directory, Path.GetDirectoryName(directory)!], _synced);
            await log.AppendAsync("gateway.release", Fields(0));
        }
        _synced.Clear();
        await using (AuditLog.Open(options))
        {
            Assert.Empty(_synced);
        }
    }

    [Fact]
    public async Task Open_CheckpointsFileMissing_SyncsTheDirectoryAfterCreatingIt()
    {
        await WriteRecordsAsync(1);
        File.Delete(Path.Combine(_dir.Path, AuditLogOptions.CheckpointFileName));
        _synced.Clear();

        await using (AuditLog.Open(Options()))
        {
            Assert.Equal([_dir.Path], _synced);
        }
    }

    [Fact]
    public async Task DirectorySync_RealDirectory_Succeeds()
    {
        // The default seam against the real file system: no error on a directory that exists...
        DirectorySync.Sync(_dir.Path);
        // ...and a clear IOException where there is none, rather than a silent "synced".
        if (!OperatingSystem.IsWindows())
        {
            Assert.Throws<IOException>(() => DirectorySync.Sync(Path.Combine(_dir.Path, "missing")));
        }
        await using var log = AuditLog.Open(Options() with { SyncDirectory = DirectorySync.Sync });
        Assert.Equal(1, (await log.AppendAsync("gateway.release", Fields(0))).Seq);
    }

    private AuditLogOptions Options() => new()
    {
        Directory = _dir.Path,
        NodeId = Node,
        SigningKey = _key,
        TimeProvider = _time,
        CheckpointEveryRecords = 1000,
        CheckpointInterval = TimeSpan.FromHours(1),
        PreallocationBytes = Chunk,
        SyncDirectory = _synced.Add,
    };

    private static JsonObject Fields(int i) => new()
    {
        ["agent"] = "agent-1",
        ["request_id"] = $"req_{i:D6}",
        ["credential"] = "cred_openai",
    };

    private async Task<long> WriteRecordsAsync(int count)
    {
        await using (var log = AuditLog.Open(Options()))
        {
            for (var i = 0; i < count; i++)
            {
                await log.AppendAsync("gateway.release", Fields(i));
            }
        }
        // A crash before any checkpoint: the tail after the last record is then the recovery's to judge.
        File.Delete(Path.Combine(_dir.Path, AuditLogOptions.CheckpointFileName));
        return new FileInfo(LogPath).Length;
    }

    private void AppendBytes(byte[] bytes)
    {
        using var stream = new FileStream(LogPath, FileMode.Append, FileAccess.Write);
        stream.Write(bytes);
    }

    private AuditVerification Verify() => AuditChainVerifier.Verify(File.ReadAllBytes(LogPath), new AuditVerifyOptions
    {
        TrustedKeys = [_key.PublicKey.ToArray()],
        ExpectedNode = Node,
    });
}
