using System.CommandLine;
using Spectre.Console;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// <c>sigilum gateway connect</c>, on the gateway's machine: pair this gateway with a control plane elsewhere using the
/// session id and code the owner got from <c>sigilum gateway pairing start</c> (or the dashboard), then start it.
/// </summary>
internal static class GatewayConnectCommand
{
    public static Command Create(CliContext context)
    {
        var sessionId = new Option<string>("--session-id") { Description = "The pairing session id the owner was given.", Required = true, HelpName = "uuid" };
        var pairCode = new Option<string>("--pair-code") { Description = "The 8-character pairing code (single use, 10 minutes).", Required = true, HelpName = "code" };
        var ns = new Option<string>("--namespace", "-n") { Description = "The namespace the gateway serves (the owner's).", Required = true, HelpName = "namespace" };
        var apiUrl = new Option<string>("--api-url") { Description = "The control plane's URL.", Required = true, HelpName = "url" };
        var port = new Option<int?>("--port", "-p") { Description = "Gateway port on 127.0.0.1 [default: 38100].", HelpName = "port" };
        var noStart = new Option<bool>("--no-start") { Description = "Only pair; start later with `sigilum gateway start`." };
        var expectedKey = new Option<string>("--control-plane-key") { Description = "The control plane's key as its operator reads it (GET /v1/control-plane/key); pairing fails unless the answer presents exactly this key.", HelpName = "base64url" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("connect", sessionId, pairCode, ns, apiUrl, port, noStart, expectedKey, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var url = ApiUrl.Parse(parseResult.GetValue(apiUrl)!);
            var paired = await PairAsync(context, paths, parseResult.GetValue(sessionId)!, parseResult.GetValue(pairCode)!, parseResult.GetValue(ns)!, url,
                parseResult.GetValue(port), parseResult.GetValue(expectedKey), !parseResult.GetValue(noStart), cancellationToken);
            var (settings, record, created, identityPath, nodeId, pin, state) = paired;
            return context.Output.Report(parseResult.GetValue(json), () => new JsonObject
            {
                ["command"] = "gateway connect",
                ["namespace"] = settings.Namespace,
                ["apiUrl"] = ApiUrl.Display(url),
                ["nodeId"] = nodeId,
                ["publicKey"] = record.PublicKey,
                ["identityCreated"] = created,
                ["identityPath"] = identityPath,
                ["connectionFile"] = GatewayConnection.PathFor(paths),
                ["controlPlaneKey"] = pin.PublicKey,
                ["controlPlaneKeyFingerprint"] = pin.Fingerprint,
                ["gatewayUrl"] = state?.Url,
                ["pid"] = state?.Pid,
            }, output =>
            {
                var console = output.Console;
                console.MarkupLineInterpolated($"[green]Paired[/] this gateway with {ApiUrl.Display(url)} as node [bold]{nodeId}[/] of [bold]{settings.Namespace}[/].");
                console.MarkupLineInterpolated($"Pinned the control-plane key {pin.Fingerprint}: only what it signs is trusted.");
                console.WriteLine(state is null
                    ? "Start it with: sigilum gateway start --detach"
                    : $"Gateway running at {state.Url} (pid {state.Pid}; log: {state.LogFile}). Stop it with: sigilum gateway stop");
            });
        });
    }

    /// <summary>What <see cref="PairAsync"/> did: the identity used, the node id, the pinned key and the started gateway (if any).</summary>
    internal sealed record Paired(GatewaySettings Settings, IdentityRecord Record, bool IdentityCreated, string IdentityPath, string? NodeId,
        Sigilum.Gateway.ControlPlane.ControlPlanePin Pin, RunState? State);

    /// <summary>
    /// Pairs this home's gateway with the control plane at <paramref name="url"/> (pairing code, pinned key, connection.json)
    /// and, when <paramref name="start"/>, (re)starts it in the background. Shared with <c>sigilum openclaw connect</c>.
    /// </summary>
    internal static async Task<Paired> PairAsync(CliContext context, SigilumPaths paths, string sessionId, string pairCode, string ns, Uri url,
        int? port, string? expectedKey, bool start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(url);
        var settings = GatewaySettings.Resolve(context, paths, port, ns, url.ToString(), store: null, postgres: null);
        var (record, created, identityPath) = GatewayIdentity.Ensure(context, paths, settings.Namespace);
        JsonNode? node;
        using (var identity = SigningIdentity.FromRecord(record))
        using (var client = ApiClient.Signed(context, url, identity))
        {
            node = await client.SendAsync(HttpMethod.Post, "/v1/gateway/pairing/register", new JsonObject
            {
                ["session_id"] = sessionId.Trim(),
                ["pair_code"] = pairCode.Trim(),
                ["name"] = "gateway@" + Environment.MachineName,
                ["version"] = typeof(GatewayConnectCommand).Assembly.GetName().Version?.ToString(3),
            }, cancellationToken);
        }
        var registered = ApiViews.Read<NodeView>(node);
        var nodeId = registered?.Id;
        // Pin the control plane's key from the pairing answer (ADR 0024): from now on the gateway accepts from
        // the control plane only what this key signs, whoever answers on the address.
        var controlPlaneKey = registered?.ControlPlaneKey;
        if (!Sigilum.Protocol.ControlPlane.ControlPlaneKey.TryParse(controlPlaneKey, out _))
        {
            throw new CliException(ExitCodes.CheckFailed, $"The control plane at {ApiUrl.Display(url)} paired the gateway but sent no control-plane key, " +
                "so the gateway could not trust anything it sends. Upgrade the control plane, then pair again.");
        }
        if (expectedKey is { Length: > 0 } expected && expected.Trim() != controlPlaneKey)
        {
            throw new CliException(ExitCodes.CheckFailed, $"The control plane at {ApiUrl.Display(url)} presented key {controlPlaneKey}, not the --control-plane-key you gave; " +
                "nothing was pinned. Check the address (or compare with GET /v1/control-plane/key on the control plane's machine).");
        }
        var pin = new Sigilum.Gateway.ControlPlane.ControlPlanePin { PublicKey = controlPlaneKey!, ApiUrl = ApiUrl.Display(url), Source = "pairing", PinnedAt = context.Environment.Time.GetUtcNow() };
        pin.Write(paths.GatewayDirectory);
        new GatewayConnection { Namespace = settings.Namespace, ApiUrl = ApiUrl.Display(url), NodeId = nodeId, PairedAt = context.Environment.Time.GetUtcNow() }.Write(paths);
        RunState? state = null;
        if (start)
        {
            if (RunState.ReadLive(paths, ServerKind.Gateway) is not null)
            {
                await Stack.ServerStopper.StopAsync(paths, cancellationToken, ServerKind.Gateway);
            }
            state = await GatewayStartCommand.StartDetachedAsync(context, paths, settings, cancellationToken);
        }
        return new Paired(settings, record, created, identityPath, nodeId, pin, state);
    }
}
