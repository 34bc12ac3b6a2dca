namespace Sigilum.Cli.Local;

/// <summary>
/// A host (control plane, gateway) running inside this CLI process with its run state recorded in <c>run/</c>:
/// written once it serves, removed when it stops, so <c>status</c>, <c>stop</c> and <c>down</c> find it.
/// </summary>
internal sealed class RunningServer : IAsyncDisposable
{
    private readonly IAsyncDisposable _host;
    private readonly Func<CancellationToken, Task> _waitForShutdown;
    private readonly SigilumPaths _paths;
    private readonly ServerKind _kind;

    private RunningServer(IAsyncDisposable host, Func<CancellationToken, Task> waitForShutdown, SigilumPaths paths, ServerKind kind, RunState state)
    {
        _host = host;
        _waitForShutdown = waitForShutdown;
        _paths = paths;
        _kind = kind;
        State = state;
    }

    public RunState State { get; }

    public Uri Url => new(State.Url);

    /// <summary>
    /// For a control plane in this process: its public key (ADR 0024), handed to a gateway started next to it
    /// (<c>sigilum up</c>) so the pin never comes off the network.
    /// </summary>
    public string? ControlPlaneKey { get; set; }

    /// <summary>Records <paramref name="state"/> for a started host; a host whose state cannot be written is stopped again.</summary>
    public static async Task<RunningServer> RecordAsync(IAsyncDisposable host, Func<CancellationToken, Task> waitForShutdown, SigilumPaths paths, ServerKind kind, RunState state)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            state.Write(paths, kind);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
        return new RunningServer(host, waitForShutdown, paths, kind, state);
    }

    /// <summary>
    /// Returns when <paramref name="cancellationToken"/> fires (Ctrl+C or SIGTERM, which System.CommandLine turns
    /// into cancellation; or a test) or the host stops by itself.
    /// </summary>
    public async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _waitForShutdown(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop: the caller disposes, which drains in-flight requests.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.DisposeAsync();
        }
        finally
        {
            RunState.Delete(_paths, State.Pid, _kind);
        }
    }
}
