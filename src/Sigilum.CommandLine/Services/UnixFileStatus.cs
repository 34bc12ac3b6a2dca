using System.Runtime.InteropServices;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// Owner, group and mode of a file (statx(2): its layout is the same on every architecture, unlike struct stat), and
/// whether a given user could read it by those bits. .NET exposes the mode but not the owner.
/// </summary>
public sealed partial record UnixFileStatus(int Uid, int Gid, UnixFileMode Mode)
{
    /// <summary>The status of <paramref name="path"/> (symbolic links followed), or null when it cannot be read (missing, no search permission).</summary>
    public static UnixFileStatus? TryRead(string path) => TryRead(path, out _);

    /// <summary>As <see cref="TryRead(string)"/>; <paramref name="missing"/> tells "no such file" (ENOENT) from "may not look" (EACCES).</summary>
    public static UnixFileStatus? TryRead(string path, out bool missing)
    {
        ArgumentNullException.ThrowIfNull(path);
        missing = false;
        if (!OperatingSystem.IsLinux())
        {
            missing = !File.Exists(path) && !Directory.Exists(path);
            return null;
        }
        // AT_FDCWD, STATX_UID | STATX_GID | STATX_MODE | STATX_TYPE.
        if (Statx(-100, path, 0, 0x1 | 0x2 | 0x8 | 0x10, out var buffer) == 0)
        {
            return new UnixFileStatus((int)buffer.Uid, (int)buffer.Gid, (UnixFileMode)(buffer.Mode & 0xFFF));
        }
        // ENOENT 2, ENOTDIR 20: nothing there. EACCES: a directory above is closed to us, which is the point.
        missing = Marshal.GetLastPInvokeError() is 2 or 20;
        return null;
    }

    /// <summary>
    /// Whether a process with <paramref name="uid"/>, <paramref name="gid"/> and <paramref name="groups"/> may read the file
    /// by its mode bits (the owner class wins over group and other, as the kernel decides; root reads everything).
    /// Access control lists are not considered.
    /// </summary>
    public bool IsReadableBy(int uid, int gid, IReadOnlyCollection<int> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (uid == 0)
        {
            return true;
        }
        if (uid == Uid)
        {
            return (Mode & UnixFileMode.UserRead) != 0;
        }
        if (gid == Gid || groups.Contains(Gid))
        {
            return (Mode & UnixFileMode.GroupRead) != 0;
        }
        return (Mode & UnixFileMode.OtherRead) != 0;
    }

    /// <summary>Group or other users have any permission on it.</summary>
    public bool IsOpenToOthers => (Mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;

    /// <summary>The mode as four octal digits, e.g. <c>0600</c>.</summary>
    public string OctalMode => Convert.ToString((int)Mode & 0x1FF, 8).PadLeft(4, '0');

    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(20)]
        public uint Uid;

        [FieldOffset(24)]
        public uint Gid;

        [FieldOffset(28)]
        public ushort Mode;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);
}
