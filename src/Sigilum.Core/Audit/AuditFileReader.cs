using System.Text;
using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Audit;

/// <summary>
/// Reads an audit trail (<c>audit.jsonl</c>, <c>checkpoints.jsonl</c>) while its writer may still be appending: the one
/// reader of both command lines (<c>sigilum audit</c> for the gateway's trail, <c>sigil-vault audit</c> for the
/// vault's). Each CLI words its own errors; this class only reads.
/// </summary>
public static class AuditFileReader
{
    /// <summary>The whole file, opened for shared read/write/delete so a running writer is not disturbed; null when it does not exist.</summary>
    /// <exception cref="UnauthorizedAccessException">The file exists but cannot be read.</exception>
    public static byte[]? ReadShared(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The checkpoints of a checkpoint file, in file order, and the lines that do not parse (1-based line numbers with
    /// the reason). A last line without its newline that does not parse is a checkpoint cut short by a crash and is
    /// skipped, not reported; every other bad line is (a malformed checkpoint is itself tampering).
    /// </summary>
    public static AuditCheckpointRead ParseCheckpoints(ReadOnlySpan<byte> bytes)
    {
        var checkpoints = new List<AuditCheckpoint>();
        var invalid = new List<(int Line, string Reason)>();
        var before = 0;
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var parsed = AuditCheckpoint.Parse(lines[i]);
            if (parsed.IsSuccess)
            {
                checkpoints.Add(parsed.Value!);
            }
            else if (i < lines.Length - 1)
            {
                if (invalid.Count == 0)
                {
                    before = checkpoints.Count;
                }
                invalid.Add((i + 1, parsed.Error!.Reason));
            }
        }
        return new AuditCheckpointRead(checkpoints, invalid, invalid.Count == 0 ? checkpoints.Count : before);
    }
}
