using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway pairing start</c>, for the owner: a code with which a gateway on another machine can join.</summary>
internal static class GatewayPairingCommand
{
    public static Command Create(CliContext context)
    {
        var owner = new OwnerOptions();
        var ttl = new Option<int?>("--ttl") { Description = "Seconds the code stays valid, 30-3600 [default: 600].", HelpName = "seconds" };
        var start = context.Examples.Define("start", "Create a single-use pairing code for a gateway on another machine.",
            new CommandManual(
                "Signed in as the namespace owner, asks the control plane for a pairing session: a session id and an 8-character " +
                "code, valid for 10 minutes and usable once. Run the printed `sigilum gateway connect …` command on the gateway's " +
                "machine; it registers that gateway's key as a node of your namespace. The code is shown once and stored only hashed.",
                "sigilum gateway pairing start", "sigilum gateway pairing start --ttl 300 --json"),
            [ttl, owner.Json, owner.ApiUrl, owner.Namespace, owner.Home]);
        start.SetAction(async (parseResult, cancellationToken) =>
        {
            using var session = owner.Open(context, parseResult);
            var body = new JsonObject { ["namespace"] = session.Namespace };
            if (parseResult.GetValue(ttl) is { } seconds)
            {
                body["ttl_seconds"] = seconds;
            }
            var started = await session.Client.SendAsync(HttpMethod.Post, "/v1/gateway/pairing/start", body, cancellationToken);
            var sessionId = started?["session_id"]?.GetValue<string>();
            var code = started?["pair_code"]?.GetValue<string>();
            var expires = started?["expires_at"]?.GetValue<DateTimeOffset>();
            var connect = $"sigilum gateway connect --session-id {sessionId} --pair-code {code} --namespace {session.Namespace} --api-url {ApiUrl.Display(session.Client.BaseUrl)}";
            return context.Output.Report(owner.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "gateway pairing start",
                ["sessionId"] = sessionId,
                ["pairCode"] = code,
                ["namespace"] = session.Namespace,
                ["expiresAt"] = expires,
                ["connectCommand"] = connect,
            }, output =>
            {
                var console = output.Console;
                console.MarkupLineInterpolated($"Pairing code [bold]{code}[/] for namespace [bold]{session.Namespace}[/], valid until {expires?.ToString("u", CultureInfo.InvariantCulture)} (single use).");
                console.WriteLine("On the gateway's machine run:");
                console.WriteLine("  " + connect);
            });
        });
        var command = new Command("pairing", "Pair gateways that run on other machines.") { start };
        return command;
    }
}
