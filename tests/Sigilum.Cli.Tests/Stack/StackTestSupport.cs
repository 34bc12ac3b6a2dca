using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

/// <summary>Helpers for tests of the commands that run or find a control plane.</summary>
internal static class StackTestSupport
{
    /// <summary>
    /// Runs a foreground command (<c>up</c>, <c>api start</c>) until its server is ready, lets
    /// <paramref name="whileRunning"/> act on it, then cancels the run as Ctrl+C would and returns how it ended.
    /// </summary>
    public static async Task<CliRun> RunForegroundAsync(this CliHarness cli, Func<Uri, Task> whileRunning, params string[] args)
    {
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        cli.ServerReady = url => ready.TrySetResult(url);
        using var stop = new CancellationTokenSource();
        var running = cli.RunAsync(stop.Token, args);
        var first = await Task.WhenAny(ready.Task, running).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == running)
        {
            // It ended without becoming ready (an error, or it reused a running server): nothing to stop.
            return await running;
        }
        try
        {
            await whileRunning(await ready.Task);
        }
        finally
        {
            await stop.CancelAsync();
        }
        return await running.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Records <paramref name="url"/> as this home's running control plane, owned by the test process.</summary>
    public static RunState WriteLiveState(string home, string url)
    {
        var state = new RunState
        {
            Pid = Environment.ProcessId,
            Url = url,
            Store = "sqlite",
            StartedAt = DateTimeOffset.UnixEpoch,
            ProcessStartedAt = LocalProcess.CurrentStartTime(),
        };
        state.Write(new SigilumPaths(home));
        return state;
    }
}
