using System.Runtime.InteropServices;

namespace Sigilum.Core.Audit;

/// <summary>
/// Makes a directory's entries durable (<c>fsync</c> on the directory). Creating a file and fsyncing the file
/// makes its contents durable but not its name: after a power cut the directory may not list it. So a directory
/// in which the audit log created a file is synced before any record in that file is acknowledged.
/// </summary>
internal static class DirectorySync
{
    // O_RDONLY is 0 on Linux and macOS; O_DIRECTORY is not needed (and differs per architecture).
    private const int ReadOnly = 0;

    // The same numbers on Linux and macOS.
    private const int BadDescriptor = 9;
    private const int InvalidArgument = 22;

    /// <summary>Fsyncs <paramref name="directory"/>. Windows has nothing to sync (NTFS journals directory changes with the file).</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Sync(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var full = Path.GetFullPath(directory);
        var name = new byte[System.Text.Encoding.UTF8.GetByteCount(full) + 1];
        System.Text.Encoding.UTF8.GetBytes(full, name);
        var fd = NativeMethods.open(ref name[0], ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open the directory {full} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                // EINVAL/EBADF: this file system cannot sync a directory at all (some network and FUSE mounts);
                // as PostgreSQL does, that is not a failure of this directory. Anything else (EIO) is.
                if (errno is InvalidArgument or BadDescriptor)
                {
                    return;
                }
                throw new IOException($"fsync of the directory {full} failed (errno {errno}).");
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }
}
