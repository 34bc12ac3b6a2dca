using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Cli.Stack;
using Sigilum.Gateway.Hosting;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// The gateway running inside this CLI process (the foreground of <c>gateway start</c> and <c>up</c>, and the
/// background child of <c>--detach</c>). Data lives under <c>$SIGILUM_HOME/gateway/</c>; the run state is written
/// once it serves and removed when it stops.
/// </summary>
internal static class LocalGateway
{
    public static async Task<RunningServer> StartAsync(CliContext context, SigilumPaths paths, GatewaySettings settings, bool detached, CancellationToken cancellationToken, string? nodeId = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        if (RunState.ReadLive(paths, ServerKind.Gateway) is { } running)
        {
            throw AlreadyRunning(paths, running);
        }
        // The gateway directory holds its private key, master key and sealed provider secrets: owner-only.
        PrivateFiles.EnsurePrivateDirectory(paths.GatewayDirectory);
        var (record, _, _) = GatewayIdentity.Ensure(context, paths, settings.Namespace);
        var options = GatewayConfiguration.Load(context, paths, settings.ConfigFile);
        options.Urls = settings.Url;
        options.DataDirectory = paths.GatewayDirectory;
        options.ControlPlaneUrl = settings.ControlPlaneUrl;
        options.Store = settings.Store;
        options.PostgresConnectionString = settings.PostgresConnectionString;
        options.NodeId ??= nodeId;
        options.AcceptStoreRollback |= settings.AcceptStoreRollback;
        GatewayHost host;
        try
        {
            host = await GatewayHost.StartAsync(options, record, context.Environment.Time, logging => ServerLog.Configure(logging, context), cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            throw ex switch
            {
                // Kestrel reports a taken port as an IOException ("address already in use").
                IOException => new CliException(ExitCodes.CheckFailed, $"Cannot listen on {settings.Url}: {ex.Message} Choose another port with --port (or {GatewaySettings.AddressVariable})."),
                InvalidOperationException => new CliException(ExitCodes.CheckFailed, $"The gateway could not start: {ex.Message}"),
                _ => new CliException(ExitCodes.CheckFailed, $"The gateway could not open its {settings.Store} store: {ex.Message}"),
            };
        }
        var state = new RunState
        {
            Pid = Environment.ProcessId,
            Url = ApiUrl.Display(ApiUrl.Parse(host.BaseUrl)),
            Store = settings.Store,
            StartedAt = context.Environment.Time.GetUtcNow(),
            ProcessStartedAt = LocalProcess.CurrentStartTime(),
            Detached = detached,
            LogFile = detached ? paths.GatewayLog : null,
            Namespace = settings.Namespace,
            ControlPlaneUrl = ApiUrl.Display(settings.ControlPlaneUrl),
        };
        return await RunningServer.RecordAsync(host, host.WaitForShutdownAsync, paths, ServerKind.Gateway, state);
    }

    public static CliException AlreadyRunning(SigilumPaths paths, RunState running) => new(ExitCodes.CheckFailed,
        $"A gateway for {paths.Home} is already running at {running.Url} (pid {running.Pid}); stop it with: sigilum gateway stop");
}
