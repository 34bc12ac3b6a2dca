using Sigilum.Sdk.Identity;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.Cli.Stack;

/// <summary>
/// The control plane running inside this CLI process (the foreground of <c>api start</c> and <c>up</c>, and
/// the background child of <c>--detach</c>). Data lives under <c>$SIGILUM_HOME/controlplane/</c>; the run
/// state is written once it serves and removed when it stops.
/// </summary>
internal static class LocalControlPlane
{
    public static async Task<RunningServer> StartAsync(CliContext context, SigilumPaths paths, ServerSettings settings, bool detached, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        if (RunState.ReadLive(paths) is { } running)
        {
            throw AlreadyRunning(paths, running);
        }
        // The data directory holds the master key and the owner tokens: owner-only.
        PrivateFiles.EnsurePrivateDirectory(paths.ControlPlaneDirectory);
        // Files and SIGILUM_ControlPlane__* variables first; the flags and SIGILUM_* shortcuts win.
        var options = ControlPlaneConfiguration.Load(context, paths, settings.ConfigFile);
        options.Urls = settings.Url;
        options.Store = settings.Store;
        options.SqlitePath = paths.DatabaseFile;
        options.PostgresConnectionString = settings.PostgresConnectionString;
        options.MasterKeyFile = paths.MasterKeyFile;
        options.Webhooks.AllowPrivateTargets |= settings.AllowPrivateWebhooks;
        ControlPlaneHost host;
        try
        {
            host = await ControlPlaneHost.StartAsync(options, context.Environment.Time, logging => ServerLog.Configure(logging, context), cancellationToken);
        }
        catch (IOException ex)
        {
            // Kestrel reports a taken port as an IOException ("address already in use").
            throw new CliException(ExitCodes.CheckFailed,
                $"Cannot listen on {settings.Url}: {ex.Message} Choose another port with --port (or {ServerSettings.PortVariable}).");
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException(ExitCodes.CheckFailed, $"The control plane could not start: {ex.Message}");
        }
        catch (System.Data.Common.DbException ex)
        {
            // A corrupt SQLite file, an unreachable or refusing PostgreSQL server.
            throw new CliException(ExitCodes.CheckFailed, $"The control plane could not open its {settings.Store} store: {ex.Message}");
        }
        var state = new RunState
        {
            Pid = Environment.ProcessId,
            Url = ApiUrl.Display(ApiUrl.Parse(host.BaseUrl)),
            Store = settings.Store,
            StartedAt = context.Environment.Time.GetUtcNow(),
            ProcessStartedAt = LocalProcess.CurrentStartTime(),
            Detached = detached,
            LogFile = detached ? paths.ControlPlaneLog : null,
        };
        var server = await RunningServer.RecordAsync(host, host.WaitForShutdownAsync, paths, ServerKind.ControlPlane, state);
        server.ControlPlaneKey = host.ControlPlaneKey;
        return server;
    }

    public static CliException AlreadyRunning(SigilumPaths paths, RunState running) => new(ExitCodes.CheckFailed,
        $"A control plane for {paths.Home} is already running at {running.Url} (pid {running.Pid}); stop it with: sigilum api stop");
}
