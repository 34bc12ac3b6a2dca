using System.Globalization;

namespace Sigilum.Core.Replay;

/// <summary>
/// The instant this process started accepting replay state it holds only in memory (docs/decisions/0026).
/// Written once at start, durably (temp file, fsync, rename, directory fsync), before the data plane
/// listens, so an operator and the next start can see it. <see cref="Cutoff"/> is the epoch rounded up to
/// a whole second, because <c>created</c> and <c>iat</c> have one-second resolution: a signature dated in
/// the start's own second may have been accepted by the previous process.
/// </summary>
public sealed class ReplayEpoch
{
    private ReplayEpoch(DateTimeOffset start, DateTimeOffset? previous)
    {
        Start = start;
        Previous = previous;
        var seconds = start.ToUnixTimeMilliseconds();
        Cutoff = DateTimeOffset.FromUnixTimeSeconds((seconds + 999) / 1000);
    }

    /// <summary>The process's start instant, from the injected TimeProvider.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The epoch the previous process wrote, if any (diagnostics only).</summary>
    public DateTimeOffset? Previous { get; }

    /// <summary>Signatures created strictly before this are refused as replays.</summary>
    public DateTimeOffset Cutoff { get; }

    /// <summary>Takes the epoch from <paramref name="time"/> and makes it durable in <paramref name="path"/>.</summary>
    public static ReplayEpoch Establish(string path, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(time);
        DateTimeOffset? previous = null;
        if (File.Exists(path)
            && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var previousMs))
        {
            previous = DateTimeOffset.FromUnixTimeMilliseconds(previousMs);
        }
        var start = time.GetUtcNow();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = path + ".tmp";
        // 0600 like everything else in a data directory, although the epoch is no secret.
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, create))
        {
            var bytes = System.Text.Encoding.ASCII.GetBytes(start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "\n");
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        Audit.DirectorySync.Sync(directory);
        return new ReplayEpoch(start, previous);
    }

    /// <summary>
    /// Waits until the clock reaches <see cref="Cutoff"/> (under a second), so a data plane that listens after this
    /// refuses no fresh signature for sharing the start's second. A timer may fire a little early: re-check, a few
    /// times at most (a clock that does not move is not waited for forever; it only delays fresh signatures).
    /// </summary>
    public async Task WaitForCutoffAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = UntilCutoff(time);
        for (var attempt = 0; attempt < 3 && wait > TimeSpan.Zero; attempt++, wait = UntilCutoff(time))
        {
            await Task.Delay(wait + TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long until <see cref="Cutoff"/>: a data plane waits this (under a second) before it listens.</summary>
    public TimeSpan UntilCutoff(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var left = Cutoff - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
