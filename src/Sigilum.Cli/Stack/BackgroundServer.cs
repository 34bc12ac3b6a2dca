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
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SIGILUM_HOME"] = paths.Home };
        if (settings.PostgresConnectionString is { } connection)
        {
            environment[ServerSettings.PostgresVariable] = connection;
        }
        return await StartProcessAsync(context, paths, ServerKind.ControlPlane, arguments, environment, cancellationToken);
    }

    /// <summary>
    /// Runs this CLI with <paramref name="arguments"/> in the background (output appended to the server's log)
    /// and waits until it has written its run state and answers <c>/health</c>. Settings travel as flags; secrets
    /// such as a connection string as <paramref name="environment"/>, where <c>ps</c> does not show them.
    /// </summary>
    public static async Task<RunState> StartProcessAsync(CliContext context, SigilumPaths paths, ServerKind kind, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(environment);
        PrivateFiles.EnsurePrivateDirectory(paths.LogsDirectory);
        var start = SelfLauncher.StartInfo(paths.LogFile(kind), arguments);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new CliException(ExitCodes.Internal, "Could not start the background process.");
        try
        {
            return await WaitUntilReadyAsync(context, paths, kind, process, cancellationToken);
        }
        catch
        {
            // A server that did not come up (or whose start was cancelled) must not linger half-started.
            if (!process.HasExited)
            {
                LocalProcess.ForceKill(process.Id);
            }
            RunState.Delete(paths, process.Id, kind);
            throw;
        }
    }

    private static async Task<RunState> WaitUntilReadyAsync(CliContext context, SigilumPaths paths, ServerKind kind, Process process, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new CliException(ExitCodes.CheckFailed,
                    $"The {kind.DisplayName} stopped while starting (exit code {process.ExitCode}); see {paths.LogFile(kind)}");
            }
            // The vault's proxy answers no /health of its own: its admin port does (ADR 0061).
            if (RunState.Read(paths, kind) is { } state && state.Pid == process.Id && await HealthProbe.IsHealthyAsync(context, state.AdminUrl ?? state.Url, cancellationToken))
            {
                return state;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
        throw new CliException(ExitCodes.CheckFailed,
            $"The {kind.DisplayName} did not answer /health within {StartTimeout.TotalSeconds:0} s and was stopped; see {paths.LogFile(kind)}");
    }
}
