using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sigilum.Core.Audit;

/// <summary>
/// libc calls the audit files need and .NET does not expose: <c>fstat</c>/<c>stat</c> for <see cref="FileIdentity"/>,
/// <c>fdatasync</c> for <see cref="AuditFile"/>, and <c>open</c>/<c>fsync</c>/<c>close</c> on a directory for
/// <see cref="DirectorySync"/>. Buffers are passed as <c>ref byte</c> (pinned for the call, no unsafe code); paths
/// are NUL-terminated UTF-8 byte arrays.
/// </summary>
internal static class NativeMethods
{
    private const string Libc = "libc";

#pragma warning disable CA1707, IDE1006, SYSLIB1054 // The C names; DllImport avoids enabling unsafe code for a few calls.
    [DllImport(Libc, EntryPoint = "fstat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int fstat(SafeFileHandle fd, ref byte buffer);

    [DllImport(Libc, EntryPoint = "stat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int stat(ref byte path, ref byte buffer);

    [DllImport(Libc, EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int fdatasync(SafeFileHandle fd);

    // open(2) is variadic; called with exactly its two fixed arguments, which every ABI passes like a plain call.
    [DllImport(Libc, EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int open(ref byte path, int flags);

    [DllImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int fsync(int fd);

    [DllImport(Libc, EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int close(int fd);
#pragma warning restore CA1707, IDE1006, SYSLIB1054
}
