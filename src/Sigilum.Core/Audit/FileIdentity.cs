using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sigilum.Core.Audit;

/// <summary>
/// Which file an open handle or a path names: device and inode (reliability STO-04). Comparing the two
/// before each write shows whether <c>audit.jsonl</c> was deleted, renamed or replaced under the
/// writer, which would otherwise keep appending to an inode nobody will ever read.
/// </summary>
/// <remarks>
/// .NET exposes no inode, so this calls libc's <c>fstat</c>/<c>stat</c> and reads only the first two
/// fields of <c>struct stat</c>: on 64-bit Linux (x64 and arm64 alike) <c>st_dev</c> is 8 bytes at 0
/// and <c>st_ino</c> 8 bytes at 8; on macOS <c>st_dev</c> is 4 bytes at 0 and <c>st_ino</c> 8 bytes at 8.
/// A libc without those symbols (glibc before 2.33) falls back to <c>/proc/self/fd</c>. On Windows the
/// check is not needed: the writer opens the file without <c>FileShare.Delete</c>, so it cannot be
/// deleted or renamed while open.
/// </remarks>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    // Larger than struct stat on every supported platform (144 bytes on Linux x64, 128 on arm64, 144 on macOS).
    private const int StatBufferSize = 256;

    private static readonly bool Supported = Environment.Is64BitProcess && (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS());
    private static volatile bool _noLibcStat;

    /// <summary>The identity of the open file, or null where identities cannot be read (see remarks).</summary>
    public static FileIdentity? Of(SafeFileHandle handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (!Supported || _noLibcStat)
        {
            return null;
        }
        var buffer = new byte[StatBufferSize];
        try
        {
            return NativeMethods.fstat(handle, ref buffer[0]) == 0 ? Read(buffer) : throw new IOException($"fstat failed (errno {Marshal.GetLastPInvokeError()}).");
        }
        catch (EntryPointNotFoundException)
        {
            _noLibcStat = true;
            return null;
        }
    }

    /// <summary>The identity of the file at <paramref name="path"/> now; null when nothing is there.</summary>
    public static FileIdentity? Of(string path)
    {
        var name = new byte[System.Text.Encoding.UTF8.GetByteCount(path) + 1];
        System.Text.Encoding.UTF8.GetBytes(path, name);
        var buffer = new byte[StatBufferSize];
        return NativeMethods.stat(ref name[0], ref buffer[0]) == 0 ? Read(buffer) : null;
    }

    /// <summary>
    /// Throws unless <paramref name="path"/> still names the file open as <paramref name="handle"/>
    /// (identity <paramref name="opened"/>, taken when it was opened).
    /// </summary>
    /// <exception cref="IOException">The file was deleted, renamed or replaced.</exception>
    public static void EnsureStillAt(string path, SafeFileHandle handle, FileIdentity? opened)
    {
        ArgumentNullException.ThrowIfNull(handle);
        if (opened is { } expected)
        {
            if (Of(path) != expected)
            {
                throw Replaced(path);
            }
            return;
        }
        if (Supported && OperatingSystem.IsLinux())
        {
            // The kernel's name for an open file: its current path, with " (deleted)" once unlinked or replaced.
            var target = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;
            if (target is null || !string.Equals(target, Path.GetFullPath(path), StringComparison.Ordinal))
            {
                throw Replaced(path);
            }
        }
    }

    private static IOException Replaced(string path) =>
        new($"{Path.GetFileName(path)} was deleted, renamed or replaced while open; refusing to write to a file nobody will read.");

    private static FileIdentity Read(byte[] buffer)
    {
        var device = OperatingSystem.IsMacOS() ? (ulong)BitConverter.ToUInt32(buffer, 0) : BitConverter.ToUInt64(buffer, 0);
        return new FileIdentity(device, BitConverter.ToUInt64(buffer, 8));
    }
}
