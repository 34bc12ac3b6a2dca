using System.Diagnostics;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

/// <summary>Stops a server recorded in <c>run/</c> (the control plane unless told otherwise): SIGTERM, wait for it to drain, clean up.</summary>
internal static class ServerStopper
{
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);

    public enum Outcome
    {
        /// <summary>No run state: nothing was started from this home.</summary>
        NotRunning,

        /// <summary>Run files were left by a server that is gone (crash, reboot); they were removed.</summary>
        Stale,

        Stopped,

        /// <summary>It ignored SIGTERM for <see cref="StopTimeout"/> and was killed.</summary>
        Killed,
    }

    public static async Task<(Outcome Outcome, RunState? State)> StopAsync(SigilumPaths paths, CancellationToken cancellationToken, ServerKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        kind ??= ServerKind.ControlPlane;
        var state = RunState.Read(paths, kind);
        if (state is null)
        {
            // A pid file without a readable state is a leftover too.
            RunState.DeleteFile(paths.PidFile(kind));
            return (Outcome.NotRunning, null);
        }
        if (!state.IsAlive)
        {
            RunState.Delete(paths, state.Pid, kind);
            return (Outcome.Stale, state);
        }
        if (state.Pid == Environment.ProcessId)
        {
            throw new CliException(ExitCodes.Usage, $"The {kind.DisplayName} runs inside this process; stop it with Ctrl+C.");
        }
        LocalProcess.Terminate(state.Pid);
        var clock = Stopwatch.StartNew();
        while (state.IsAlive)
        {
            if (clock.Elapsed > StopTimeout)
            {
                LocalProcess.ForceKill(state.Pid);
                RunState.Delete(paths, state.Pid, kind);
                return (Outcome.Killed, state);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        // It removes its own files when it drains; these deletes cover a server that was stopped mid-write.
        RunState.Delete(paths, state.Pid, kind);
        return (Outcome.Stopped, state);
    }
}
