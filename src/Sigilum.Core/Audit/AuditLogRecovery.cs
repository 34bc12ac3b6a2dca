using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Errors;

namespace Sigilum.Core.Audit;

/// <summary>
/// What opening an audit directory does before any append: read the checkpoints, verify the log
/// against them, cut a torn last line (a crash mid-write, reliability §3.6) and the preallocated
/// zeros after the last record back to the end of the last complete record, and refuse anything
/// else that does not verify (zeros followed by data included).
/// </summary>
internal static class AuditLogRecovery
{
    /// <summary>The verified head to resume from and the latest checkpoint found (null if none).</summary>
    public static (AuditChainHead Head, AuditCheckpoint? LastCheckpoint) Recover(string logPath, string checkpointPath, AuditLogOptions options)
    {
        var checkpoints = ReadCheckpoints(checkpointPath);
        if (!File.Exists(logPath))
        {
            if (checkpoints.Count > 0)
            {
                // Checkpoints exist only after records were durably written: the log was removed.
                throw new AuditLogCorruptedException(
                    $"{ErrorCatalogue.AuditTruncated}: {logPath} is missing but {checkpointPath} holds checkpoints up to seq {checkpoints.Max(c => c.Seq)}.");
            }
            return (AuditChainHead.Genesis, null);
        }

        // Rotation is out of scope, so the whole log is read at once; bounded logs come with rotation.
        var bytes = File.ReadAllBytes(logPath);
        var result = AuditChainVerifier.Verify(bytes, new AuditVerifyOptions
        {
            Checkpoints = checkpoints,
            TrustedKeys = [options.SigningKey.PublicKey.ToArray()],
            ExpectedNode = options.NodeId,
        });
        if (!result.Valid)
        {
            throw new AuditLogCorruptedException(
                $"{result.Code}: {logPath} does not verify ({result.Error!.Reason}); refusing to append to a broken chain.", result);
        }
        // The verifier ignored preallocated zeros after the last record (ADR 0031) and refused zeros anywhere
        // else; cut both them and a torn last line, so the writer appends right after the last record.
        var end = result.TornTail ? result.TornTailOffset!.Value : bytes.AsSpan().LastIndexOfAnyExcept((byte)0) + 1;
        if (end < bytes.Length)
        {
            TruncateTo(logPath, end);
        }
        var last = checkpoints.Count == 0 ? null : checkpoints.MaxBy(c => c.Seq);
        return (result.Head, last);
    }

    private static List<AuditCheckpoint> ReadCheckpoints(string path)
    {
        var list = new List<AuditCheckpoint>();
        if (!File.Exists(path))
        {
            return list;
        }
        var bytes = File.ReadAllBytes(path);
        var offset = 0;
        var lineNumber = 0;
        while (offset < bytes.Length)
        {
            var length = bytes.AsSpan(offset).IndexOf((byte)'\n');
            if (length < 0)
            {
                // A checkpoint cut short by a crash was never sent anywhere: drop it.
                TruncateTo(path, offset);
                break;
            }
            lineNumber++;
            var parsed = AuditCheckpoint.Parse(bytes.AsSpan(offset, length));
            if (!parsed.IsSuccess)
            {
                throw new AuditLogCorruptedException(
                    $"{ErrorCatalogue.AuditCheckpointInvalid}: {path} line {lineNumber}: {parsed.Error.Reason}");
            }
            list.Add(parsed.Value);
            offset += length + 1;
        }
        return list;
    }

    private static void TruncateTo(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read);
        stream.SetLength(length);
        stream.Flush(flushToDisk: true);
    }
}
