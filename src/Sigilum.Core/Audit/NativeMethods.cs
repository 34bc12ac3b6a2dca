using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sigilum.Core.Audit;

/// <summary>
/// libc's <c>fstat</c> and <c>stat</c> for <see cref="FileIdentity"/>. Buffers are passed as <c>ref byte</c>
/// (pinned for the call, no unsafe code); the path is a NUL-terminated UTF-8 byte array.
/// </summary>
internal static class NativeMethods
{
    private const string Libc = "libc";

    [DllImport(Libc, EntryPoint = "fstat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable CA1707, IDE1006, SYSLIB1054 // The C name; DllImport avoids enabling unsafe code for a two-call interop.
    public static extern int fstat(SafeFileHandle fd, ref byte buffer);

    [DllImport(Libc, EntryPoint = "stat", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int stat(ref byte path, ref byte buffer);
#pragma warning restore CA1707, IDE1006, SYSLIB1054
}
