using System.Runtime.InteropServices;
using System.Text;

namespace Sigilum.Core.Processes;

/// <summary>
/// Who owns a file, and who we run as: .NET exposes a file's mode but not its owner. On Linux this asks the kernel
/// with <c>statx(2)</c>, whose struct layout is the same on every architecture (unlike <c>stat</c>), without
/// following a symbolic link unless asked to. Elsewhere it answers null and callers keep only the mode check. One
/// implementation for the data planes: the admin token file check and the process posture both use it.
/// </summary>
public static class UnixFileOwner
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int ModeOffset = 28;
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;

    /// <summary>The owner's uid and whether it is a regular file (not a link, device or directory); null off Linux.</summary>
    /// <param name="path">The file or directory.</param>
    /// <param name="followSymbolicLinks">Describe what a link points at rather than the link itself.</param>
    public static (uint Uid, bool IsRegularFile)? Stat(string path, bool followSymbolicLinks = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var name = Encoding.UTF8.GetBytes(path + "\0");
        var buffer = new byte[StatxSize];
        if (NativeMethods.Statx(AtFdCwd, name, followSymbolicLinks ? 0 : AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
        {
            throw new IOException($"Cannot inspect {path} (errno {Marshal.GetLastPInvokeError()}).");
        }
        var uid = BitConverter.ToUInt32(buffer, UidOffset);
        var mode = BitConverter.ToUInt16(buffer, ModeOffset);
        return (uid, (mode & FileTypeMask) == RegularFile);
    }

    /// <summary>The process's effective uid; null off Linux.</summary>
    public static uint? EffectiveUserId() => OperatingSystem.IsLinux() ? NativeMethods.GetEffectiveUserId() : null;

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int dirFd, [In] byte[] path, int flags, uint mask, [Out] byte[] buffer);

        [DllImport("libc", EntryPoint = "geteuid")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint GetEffectiveUserId();
    }
}
