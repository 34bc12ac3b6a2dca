using System.Runtime.InteropServices;

namespace Sigilum.Core.Processes;

/// <summary>
/// What a data plane (gateway, vault) does to its own process at start on Linux (reliability MEM-03, issue 12 item 2):
/// it becomes non-dumpable and sets its core-file limit to zero. The agent runs on the same host, often as the same OS
/// user; a dumpable process of that user can be ptrace-attached or have <c>/proc/&lt;pid&gt;/mem</c> read by any other
/// process of the user, and a crash would write the decrypted provider secrets into a core file. PR_SET_DUMPABLE 0
/// closes both (the kernel then treats the process like a set-uid one: /proc files owned by root, no same-user ptrace,
/// no core dump), and RLIMIT_CORE 0 keeps a crash from writing a core even if something makes it dumpable again.
/// </summary>
public static partial class ProcessHardening
{
    // <linux/prctl.h> and <asm-generic/resource.h>; RLIMIT_CORE is 4 on every architecture .NET runs on under Linux.
    private const int PrSetDumpable = 4;
    private const int PrGetDumpable = 3;
    private const int RlimitCore = 4;

    /// <summary>
    /// Makes this process non-dumpable and sets RLIMIT_CORE to 0 (Linux; elsewhere nothing is changed), then describes
    /// who it runs as. <paramref name="identitiesDirectory"/> is the agents' identity directory of the same Sigilum home
    /// (<c>&lt;home&gt;/identities</c>): a data plane running as the user that owns it runs as the agent's user.
    /// </summary>
    public static ProcessPosture Apply(string? identitiesDirectory)
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess)
        {
            return new ProcessPosture(Supported: false, NonDumpable: false, CoreLimitZero: false, Uid: null, IdentitiesOwnerUid: null, identitiesDirectory);
        }
        var nonDumpable = Prctl(PrSetDumpable, 0, 0, 0, 0) == 0;
        var limit = new RLimit { Current = 0, Maximum = 0 };
        var coreOff = SetRLimit(RlimitCore, in limit) == 0;
        return new ProcessPosture(true, nonDumpable && IsNonDumpable(), coreOff && CoreLimitIsZero(), (int)GetEUid(), OwnerOf(identitiesDirectory), identitiesDirectory);
    }

    /// <summary>Whether this process is non-dumpable now (PR_GET_DUMPABLE returns 0).</summary>
    public static bool IsNonDumpable() => OperatingSystem.IsLinux() && Prctl(PrGetDumpable, 0, 0, 0, 0) == 0;

    /// <summary>Whether this process's soft and hard core-file limits are both 0.</summary>
    public static bool CoreLimitIsZero() =>
        OperatingSystem.IsLinux() && Environment.Is64BitProcess && GetRLimit(RlimitCore, out var limit) == 0 && limit.Current == 0 && limit.Maximum == 0;

    private static int? OwnerOf(string? path)
    {
        if (path is null || !Directory.Exists(path))
        {
            return null;
        }
        try
        {
            return UnixFileOwner.Stat(path, followSymbolicLinks: true) is { } stat ? (int)stat.Uid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEUid();
}
