using Sigilum.Sdk.Identity;
using System.Diagnostics;
using System.Globalization;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

/// <summary>
/// <c>--detach</c>: runs <c>sigilum api start</c> again as a background process (output to
/// <c>logs/controlplane.log</c>) and returns once it has written its run state and answers <c>/health</c>.
/// </summary>
internal static class BackgroundServer
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The hidden flag the background child gets: leave the terminal's session, record itself as detached.</summary>
    public const string DaemonFlag = "--daemon";

    public static async Task<RunState> StartAsync(CliContext context, SigilumPaths paths, ServerSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        if (RunState.ReadLive(paths) is { } running)
        {
            throw LocalControlPlane.AlreadyRunning(paths, running);
        }
        PrivateFiles.EnsurePrivateDirectory(paths.LogsDirectory);
        List<string> arguments =
        [
            "api", "start",
            "--port", settings.Port.ToString(CultureInfo.InvariantCulture),
            "--store", settings.Store,
            "--home", paths.Home,
            DaemonFlag,
        ];
        if (settings.AllowPrivateWebhooks)
        {
            arguments.Add(ServerOptions.AllowPrivateWebhooksFlag);
        }
        if (settings.ConfigFile is { } config)
        {
            arguments.AddRange([ServerOptions.ConfigFlag, config]);
        }
        var start = SelfLauncher.StartInfo(paths.ControlPlaneLog, arguments);
        // Settings travel as flags; the connection string as environment, where `ps` does not show it.
        start.Environment["SIGILUM_HOME"] = paths.Home;
        if (settings.PostgresConnectionString is { } connection)
        {
            start.Environment[ServerSettings.PostgresVariable] = connection;
        }
        using var process = Process.Start(start) ?? throw new CliException(ExitCodes.Internal, "Could not start the background process.");
        try
        {
            return await WaitUntilReadyAsync(context, paths, process, cancellationToken);
        }
        catch
        {
            // A server that did not come up (or whose start was cancelled) must not linger half-started.
            if (!process.HasExited)
            {
                LocalProcess.ForceKill(process.Id);
            }
            RunState.Delete(paths, process.Id);
            throw;
        }
    }

    private static async Task<RunState> WaitUntilReadyAsync(CliContext context, SigilumPaths paths, Process process, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new CliException(ExitCodes.CheckFailed,
                    $"The control plane stopped while starting (exit code {process.ExitCode}); see {paths.ControlPlaneLog}");
            }
            if (RunState.Read(paths) is { } state && state.Pid == process.Id && await HealthProbe.IsHealthyAsync(context, state.Url, cancellationToken))
            {
                return state;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new CliException(ExitCodes.CheckFailed,
            $"The control plane did not answer /health within {StartTimeout.TotalSeconds:0} s and was stopped; see {paths.ControlPlaneLog}");
    }
}
