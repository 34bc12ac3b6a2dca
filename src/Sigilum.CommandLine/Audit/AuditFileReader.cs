using System.Runtime.CompilerServices;

namespace Sigilum.CommandLine.Audit;

/// <summary>
/// Reads a data plane's audit files for both command lines (<c>sigilum audit</c>, <c>sigil-vault audit</c>) without
/// disturbing the process that may be appending to them: shared read/write opens, whole complete lines only, and
/// following past the zeros a live log is preallocated with (ADR 0031). Parsing is Sigilum.Protocol.Audit's.
/// </summary>
public static class AuditFileReader
{
    /// <summary>How often <see cref="FollowAsync"/> looks for new lines.</summary>
    public static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The whole file, or null when it does not exist. Permission denied is a <see cref="CliException"/> (I/O error).</summary>
    public static byte[]? ReadShared(string path)
    {
        try
        {
            using var stream = OpenShared(path);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"{path} cannot be read: permission denied.");
        }
    }

    /// <summary>The length of the complete lines at the start of <paramref name="bytes"/> (up to and with the last newline).</summary>
    public static int CompleteLength(ReadOnlySpan<byte> bytes) => bytes.LastIndexOf((byte)'\n') + 1;

    /// <summary>
    /// How much of bytes freshly read from the log holds records. A live log ends in preallocated zeros
    /// (ADR 0031): following advances past records only, so records later written over those zeros are read.
    /// </summary>
    public static int WrittenLength(ReadOnlySpan<byte> chunk) => chunk.LastIndexOfAnyExcept((byte)0) + 1;

    /// <summary>
    /// Yields each batch of complete lines appended to <paramref name="path"/> after byte <paramref name="offset"/>,
    /// until <paramref name="cancellationToken"/> ends it (then the sequence simply ends). A file that became shorter
    /// was replaced or truncated: <paramref name="truncated"/> is told, and reading starts again from its beginning.
    /// </summary>
    public static async IAsyncEnumerable<byte[]> FollowAsync(string path, long offset, TimeProvider time, Action truncated,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(truncated);
        var pending = new List<byte>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FollowInterval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            if (!File.Exists(path))
            {
                continue;
            }
            byte[] chunk;
            using (var stream = OpenShared(path))
            {
                if (stream.Length < offset)
                {
                    truncated();
                    offset = 0;
                    pending.Clear();
                }
                stream.Seek(offset, SeekOrigin.Begin);
                chunk = new byte[stream.Length - offset];
                stream.ReadExactly(chunk);
            }
            var used = WrittenLength(chunk);
            offset += used;
            pending.AddRange(chunk.AsSpan(0, used));
            var end = pending.LastIndexOf((byte)'\n');
            if (end < 0)
            {
                continue;
            }
            var complete = pending.GetRange(0, end + 1).ToArray();
            pending.RemoveRange(0, end + 1);
            yield return complete;
        }
    }

    private static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
}
