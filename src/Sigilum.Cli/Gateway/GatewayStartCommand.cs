using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;
using Spectre.Console;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway start</c>: the gateway in the foreground, or in the background with --detach.</summary>
internal static class GatewayStartCommand
{
    public static Command Create(CliContext context)
    {
        var options = new GatewayStartOptions();
        return CommandDeclaration.Define("start", options.Symbols).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(options.Home));
            var settings = options.Resolve(context, paths, parseResult);
            var asJson = parseResult.GetValue(options.Json);
            if (parseResult.GetValue(options.Detach))
            {
                var prepared = await GatewayRegistrar.PrepareAsync(context, paths, settings, cancellationToken);
                var state = await StartDetachedAsync(context, paths, settings, cancellationToken);
                Report(context, state, paths, prepared, asJson);
                return ExitCodes.Ok;
            }
            var isDaemon = parseResult.GetValue(options.Daemon);
            if (isDaemon)
            {
                LocalProcess.DetachFromTerminal();
            }
            var report = await GatewayRegistrar.PrepareAsync(context, paths, settings, cancellationToken);
            await using (var gateway = await LocalGateway.StartAsync(context, paths, settings, isDaemon, cancellationToken, report.NodeId))
            {
                Report(context, gateway.State, paths, report, asJson);
                context.Environment.ServerReady?.Invoke(gateway.Url);
                await gateway.WaitForStopAsync(cancellationToken);
                context.Output.Error.WriteLine("Stopping the gateway…");
            }
            context.Output.Error.WriteLine("Gateway stopped.");
            return ExitCodes.Ok;
        });
    }

    /// <summary>Runs <c>gateway start --daemon</c> in the background with <paramref name="settings"/> as flags.</summary>
    public static Task<RunState> StartDetachedAsync(CliContext context, SigilumPaths paths, GatewaySettings settings, CancellationToken cancellationToken)
    {
        if (RunState.ReadLive(paths, ServerKind.Gateway) is { } running)
        {
            throw LocalGateway.AlreadyRunning(paths, running);
        }
        List<string> arguments =
        [
            "gateway", "start",
            "--port", settings.Port.ToString(CultureInfo.InvariantCulture),
            "--namespace", settings.Namespace,
            "--api-url", settings.ControlPlaneUrl.ToString(),
            "--store", settings.Store,
            "--home", paths.Home,
            BackgroundServer.DaemonFlag,
        ];
        if (settings.AcceptStoreRollback)
        {
            arguments.Add("--accept-store-rollback");
        }
        if (settings.ConfigFile is { } config)
        {
            arguments.AddRange([ServerOptions.ConfigFlag, config]);
        }
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SIGILUM_HOME"] = paths.Home };
        if (settings.Host != "127.0.0.1")
        {
            environment[GatewaySettings.AddressVariable] = settings.Host + ":" + settings.Port.ToString(CultureInfo.InvariantCulture);
        }
        if (settings.PostgresConnectionString is { } connection)
        {
            environment[GatewaySettings.PostgresVariable] = connection;
        }
        return BackgroundServer.StartProcessAsync(context, paths, ServerKind.Gateway, arguments, environment, cancellationToken);
    }

    private static void Report(CliContext context, RunState state, SigilumPaths paths, GatewayRegistrar.Report prepared, bool json) =>
        context.Output.Report(json, () => ToJson(state, paths, prepared), _ => Print(context, state, prepared));

    public static JsonObject ToJson(RunState state, SigilumPaths paths, GatewayRegistrar.Report prepared) => new()
    {
        ["command"] = "gateway start",
        ["url"] = state.Url,
        ["pid"] = state.Pid,
        ["namespace"] = state.Namespace,
        ["controlPlaneUrl"] = state.ControlPlaneUrl,
        ["store"] = state.Store,
        ["detached"] = state.Detached,
        ["identityCreated"] = prepared.IdentityCreated,
        ["identityPath"] = prepared.IdentityPath,
        ["publicKey"] = prepared.Identity.PublicKey,
        ["registration"] = prepared.Registration,
        ["nodeId"] = prepared.NodeId,
        ["problem"] = prepared.Problem,
        ["dataDirectory"] = paths.GatewayDirectory,
        ["logFile"] = state.LogFile,
    };

    public static void Print(CliContext context, RunState state, GatewayRegistrar.Report prepared)
    {
        var console = context.Output.Console;
        console.MarkupLineInterpolated($"[green]Gateway ready[/] at [bold]{state.Url}[/] for namespace [bold]{state.Namespace}[/], following {state.ControlPlaneUrl} (pid {state.Pid}).");
        if (prepared.IdentityCreated)
        {
            console.WriteLine($"Created the gateway identity {prepared.IdentityPath}.");
        }
        if (prepared.Problem is { } problem)
        {
            context.Output.WriteWarning(problem);
        }
        else
        {
            console.WriteLine(prepared.Registration switch
            {
                "registered" => $"Registered the gateway key as node {prepared.NodeId}.",
                "paired" => $"Paired with the control plane as node {prepared.NodeId}.",
                _ => $"Gateway key registered as node {prepared.NodeId}.",
            });
        }
        console.WriteLine(state.Detached
            ? $"Running in the background; log: {state.LogFile}. Stop it with: sigilum gateway stop"
            : "Press Ctrl+C to stop.");
    }
}
