using System.CommandLine;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// <c>sigilum openclaw connect</c>: one command for a managed setup — pair and start this machine's gateway (the steps of
/// <c>sigilum gateway connect</c>, retried on network failures), then install into OpenClaw in managed mode (skipped when
/// already as wanted) with a key for every agent.
/// </summary>
internal static class OpenClawConnectCommand
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(3);

    public static Command Create(CliContext context)
    {
        var options = new OpenClawInstallOptions();
        var sessionId = new Option<string?>("--session-id") { Description = "The pairing session id the owner was given (not needed when this gateway is already paired).", HelpName = "uuid" };
        var pairCode = new Option<string?>("--pair-code") { Description = "The 8-character pairing code (single use, 10 minutes).", HelpName = "code" };
        var port = new Option<int?>("--port", "-p") { Description = "Gateway port on 127.0.0.1 [default: 38100].", HelpName = "port" };
        var noStart = new Option<bool>("--no-start") { Description = "Pair but do not start this home's gateway (one is already serving at --gateway-url)." };
        var expectedKey = new Option<string?>("--control-plane-key") { Description = "Pairing fails unless the control plane presents exactly this key (as with gateway connect).", HelpName = "base64url" };
        var retries = new Option<int>("--retries") { Description = "Retries of the pairing after a network failure, 3 s apart.", DefaultValueFactory = _ => 4, HelpName = "n" };
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("connect", [sessionId, pairCode, port, noStart, expectedKey, retries, json, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var location = OpenClawLocation.Resolve(context, parseResult.GetValue(options.OpenClawHome));
            var paths = context.ResolvePaths(parseResult.GetValue(options.Home));
            var jsonOut = parseResult.GetValue(json);
            var session = parseResult.GetValue(sessionId);
            var code = parseResult.GetValue(pairCode);
            string pairing;
            if (session is { Length: > 0 } || code is { Length: > 0 })
            {
                if (session is not { Length: > 0 } || code is not { Length: > 0 })
                {
                    throw new CliException(ExitCodes.Usage, "Pairing needs both --session-id and --pair-code.");
                }
                var ns = parseResult.GetValue(options.Namespace) ?? context.Environment.GetVariable(Sigilum.Sdk.Identity.SigilumHome.NamespaceVariable)
                    ?? throw new CliException(ExitCodes.Usage, "Pairing needs --namespace (the owner's namespace).");
                var api = parseResult.GetValue(options.ApiUrl) ?? context.Environment.GetVariable(Remote.ApiUrl.Variable)
                    ?? throw new CliException(ExitCodes.Usage, "Pairing needs --api-url (the owner's control plane).");
                var paired = await PairWithRetriesAsync(context, paths, session, code, ns, Remote.ApiUrl.Parse(api), parseResult.GetValue(port),
                    parseResult.GetValue(expectedKey), !parseResult.GetValue(noStart), Math.Max(0, parseResult.GetValue(retries)), jsonOut, cancellationToken);
                pairing = $"Paired this gateway with {paired.Pin.ApiUrl} as node {paired.NodeId} of {paired.Settings.Namespace}; control-plane key {paired.Pin.Fingerprint} pinned." +
                    (paired.State is { } state ? $" Gateway running at {state.Url} (pid {state.Pid})." : string.Empty);
            }
            else if (GatewayConnection.Read(paths) is { } existing)
            {
                pairing = $"This gateway is already paired with {existing.ApiUrl} for {existing.Namespace}.";
                if (!parseResult.GetValue(noStart) && parseResult.GetValue(options.GatewayUrl) is null && RunState.ReadLive(paths, ServerKind.Gateway) is null)
                {
                    var settings = GatewaySettings.Resolve(context, paths, parseResult.GetValue(port), existing.Namespace, existing.ApiUrl, store: null, postgres: null);
                    var state = await GatewayStartCommand.StartDetachedAsync(context, paths, settings, cancellationToken);
                    pairing += $" Started it at {state.Url} (pid {state.Pid}).";
                }
            }
            else
            {
                throw new CliException(ExitCodes.Usage,
                    "This gateway is not paired yet: pass --session-id and --pair-code (the owner gets them from `sigilum gateway pairing start` or the dashboard), with --namespace and --api-url.");
            }
            if (!jsonOut)
            {
                context.Output.Out.WriteLine(pairing);
            }
            using var prompt = new OpenClawPrompt(context);
            var installSettings = options.Resolve(context, parseResult, location, prompt);
            if (installSettings.Mode != "managed" && parseResult.GetValue(options.Mode) is null)
            {
                installSettings = installSettings with { Mode = "managed" };
            }
            var outcome = await OpenClawInstallCommand.RunAsync(context, location, installSettings, paths, parseResult.GetValue(options.Force), dryRun: false, cancellationToken);
            OpenClawInstallCommand.Print(context, outcome, jsonOut);
            return ExitCodes.Ok;
        });
    }

    private static async Task<GatewayConnectCommand.Paired> PairWithRetriesAsync(CliContext context, SigilumPaths paths, string session, string code, string ns, Uri api,
        int? port, string? expectedKey, bool start, int retries, bool quiet, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await GatewayConnectCommand.PairAsync(context, paths, session, code, ns, api, port, expectedKey, start, cancellationToken);
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.Network && attempt < retries)
            {
                // Only transport failures are retried: a wrong or used code (exit 7) will not get better.
                if (!quiet)
                {
                    context.Output.WriteWarning($"Pairing attempt {attempt + 1} failed ({ex.Message}); retrying in {RetryDelay.TotalSeconds:0} s.");
                }
                await Task.Delay(RetryDelay, context.Environment.Time, cancellationToken);
            }
        }
    }
}
