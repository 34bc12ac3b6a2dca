using System.CommandLine;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway restart</c>: stop the running gateway and start it again in the background.</summary>
internal static class GatewayRestartCommand
{
    public static Command Create(CliContext context)
    {
        var options = new GatewayStartOptions();
        return CommandDeclaration.Define("restart", options.Symbols).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(options.Home));
            var previous = RunState.Read(paths, ServerKind.Gateway);
            var (outcome, _) = await ServerStopper.StopAsync(paths, cancellationToken, ServerKind.Gateway);
            var settings = GatewaySettings.Resolve(context, paths,
                parseResult.GetValue(options.Port) ?? (previous is null ? null : new Uri(previous.Url).Port),
                parseResult.GetValue(options.Namespace) ?? previous?.Namespace,
                parseResult.GetValue(options.ApiUrl) ?? previous?.ControlPlaneUrl,
                parseResult.GetValue(options.Store) ?? previous?.Store,
                parseResult.GetValue(options.Postgres)) with { ConfigFile = parseResult.GetValue(options.Config) is { } file ? context.ResolvePath(file) : null };
            var prepared = await GatewayRegistrar.PrepareAsync(context, paths, settings, cancellationToken);
            var state = await GatewayStartCommand.StartDetachedAsync(context, paths, settings, cancellationToken);
            return context.Output.Report(parseResult.GetValue(options.Json), () =>
            {
                var document = GatewayStartCommand.ToJson(state, paths, prepared);
                document["command"] = "gateway restart";
                document["previous"] = outcome.ToString().ToLowerInvariant();
                return document;
            }, output =>
            {
                output.Out.WriteLine(outcome is ServerStopper.Outcome.Stopped or ServerStopper.Outcome.Killed ? "Stopped the gateway." : "The gateway was not running.");
                GatewayStartCommand.Print(context, state, prepared);
            });
        });
    }
}
