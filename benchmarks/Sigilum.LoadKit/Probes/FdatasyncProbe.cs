using Microsoft.Win32.SafeHandles;
using Sigilum.LoadKit.Native;

namespace Sigilum.LoadKit.Probes;

/// <summary>
/// The durable-commit cost of the disk a data directory is on: appends a 4 KiB block to a fresh file and
/// calls <c>fdatasync</c>, N times, timing each pair — what one group commit of an append-only log (the audit
/// log) costs when nothing else is queued. The file is deleted afterwards.
/// </summary>
internal static class FdatasyncProbe
{
    public const int BlockBytes = 4096;

    public static FdatasyncResult Run(string directory, int count, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var path = Path.Combine(directory, $".sigilum-fdatasync-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var block = new byte[BlockBytes];
        Array.Fill(block, (byte)'x');
        var samples = new List<double>(count);
        try
        {
            using SafeFileHandle file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            for (var i = 0; i < count; i++)
            {
                var t0 = time.GetTimestamp();
                RandomAccess.Write(file, block, (long)i * BlockBytes);
                Libc.FdataSync(file);
                samples.Add(time.GetElapsedTime(t0).TotalMicroseconds);
            }
        }
        finally
        {
            File.Delete(path);
        }
        return new FdatasyncResult(Path.GetFullPath(directory), FileSystemOf(directory), BlockBytes, Distribution.Of(samples));
    }

    // The type of the mount the directory is on (ext4, tmpfs, …), from the longest matching /proc/mounts entry.
    private static string? FileSystemOf(string directory)
    {
        try
        {
            var full = Path.GetFullPath(directory);
            string? best = null;
            var bestLength = -1;
            foreach (var line in File.ReadLines("/proc/mounts"))
            {
                var fields = line.Split(' ');
                if (fields.Length < 3)
                {
                    continue;
                }
                var mount = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
                var inside = full == mount || full.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal);
                if (inside && mount.Length > bestLength)
                {
                    best = fields[2];
                    bestLength = mount.Length;
                }
            }
            return best;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
