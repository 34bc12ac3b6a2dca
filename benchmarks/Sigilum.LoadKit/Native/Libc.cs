using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sigilum.LoadKit.Native;

/// <summary>
/// The few libc calls the measurements need and .NET does not expose: <c>fdatasync</c> (.NET's
/// <c>Flush(true)</c> is <c>fsync</c>), the calling thread's CPU clock, and the kernel's clock-tick rate
/// that <c>/proc/&lt;pid&gt;/stat</c> counts in. Buffers are <c>ref</c> (pinned for the call), no unsafe code.
/// </summary>
internal static class Libc
{
    private const string Library = "libc";
    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID
    private const int ScClockTicks = 2;         // _SC_CLK_TCK on Linux

    /// <summary><c>fdatasync(fd)</c>; throws with errno when it fails.</summary>
    public static void FdataSync(SafeFileHandle file)
    {
        if (fdatasync(file) != 0)
        {
            throw new IOException("fdatasync failed, errno " + Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>CPU time the calling thread has used, in nanoseconds (CLOCK_THREAD_CPUTIME_ID).</summary>
    public static long ThreadCpuNanoseconds()
    {
        Span<long> timespec = stackalloc long[2];
        if (clock_gettime(ClockThreadCpuTimeId, ref timespec[0]) != 0)
        {
            throw new IOException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed, errno " + Marshal.GetLastPInvokeError());
        }
        return (timespec[0] * 1_000_000_000) + timespec[1];
    }

    /// <summary>Clock ticks per second of <c>/proc</c> CPU times.</summary>
    public static long ClockTicksPerSecond()
    {
        var ticks = sysconf(ScClockTicks);
        return ticks > 0 ? ticks : 100;
    }

#pragma warning disable CA1707, IDE1006, SYSLIB1054, CA5392 // The C names; DllImport avoids enabling unsafe code for three calls.
    [DllImport(Library, EntryPoint = "fdatasync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int fdatasync(SafeFileHandle fd);

    // struct timespec { time_t tv_sec; long tv_nsec; }: two longs on 64-bit Linux.
    [DllImport(Library, EntryPoint = "clock_gettime", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int clock_gettime(int clockId, ref long timespec);

    [DllImport(Library, EntryPoint = "sysconf", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern long sysconf(int name);
#pragma warning restore CA1707, IDE1006, SYSLIB1054, CA5392
}
