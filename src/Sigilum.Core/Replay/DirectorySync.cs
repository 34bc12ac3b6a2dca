using System.Runtime.InteropServices;

namespace Sigilum.Core.Replay;

/// <summary>
/// fsync of a directory, so a rename into it survives power loss. .NET cannot open a directory as a file,
/// so this is open(2) O_RDONLY|O_DIRECTORY + fsync(2) on Linux (other systems: a no-op, as they are not
/// supported data-plane hosts).
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnlyDirectory = 0x10000; // O_RDONLY (0) | O_DIRECTORY on Linux x64/arm64
    private const int CloseOnExec = 0x80000;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var fd = Open(directory, ReadOnlyDirectory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"Could not open the directory to make the replay epoch durable (errno {Marshal.GetLastPInvokeError()}).");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of the directory holding the replay epoch failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
