using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Sigilum.Cli.Local;

/// <summary>
/// The few process operations the stack commands need on a process they did not start themselves
/// (the pid comes from a file): is it alive, and is it still the process we recorded, and ask it to stop.
/// </summary>
internal static partial class LocalProcess
{
    private const int SigTerm = 15;

    /// <summary>When the process started (UTC), or null when no such process is running.</summary>
    public static DateTimeOffset? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited || IsZombie(pid))
            {
                return null;
            }
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// True when <paramref name="pid"/> runs and, if <paramref name="startedAt"/> is known, started then:
    /// a pid left in a file can be reused by an unrelated process after a crash or a reboot, and we must
    /// never signal that one.
    /// </summary>
    public static bool IsAlive(int pid, DateTimeOffset? startedAt) =>
        StartTime(pid) is { } actual && (startedAt is null || (actual - startedAt.Value).Duration() < TimeSpan.FromSeconds(2));

    public static DateTimeOffset CurrentStartTime()
    {
        using var self = Process.GetCurrentProcess();
        return new DateTimeOffset(self.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    /// <summary>Asks the process to stop (SIGTERM: the server drains and removes its run files).</summary>
    public static void Terminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            // No SIGTERM on Windows; the stack's background mode is POSIX-only, so this is a last resort.
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            return;
        }
        if (Kill(pid, SigTerm) != 0)
        {
            throw new CliException(ExitCodes.CheckFailed, $"Could not signal process {pid} (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    /// <summary>Ends the process at once (after SIGTERM was ignored for too long).</summary>
    public static void ForceKill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>
    /// Leaves the terminal's session so that closing the terminal (SIGHUP) or Ctrl+C in it does not stop a
    /// background server. Fails harmlessly when the process already leads a session.
    /// </summary>
    public static void DetachFromTerminal()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = SetSid();
        }
    }

    // An exited child that nobody reaped yet still has a pid and a /proc entry; it is not running.
    private static bool IsZombie(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Format: "pid (comm) S ..." — comm may contain spaces and parentheses, so read after the last ')'.
            var end = stat.LastIndexOf(')');
            return end > 0 && end + 2 < stat.Length && stat[end + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    private static partial int SetSid();
}
