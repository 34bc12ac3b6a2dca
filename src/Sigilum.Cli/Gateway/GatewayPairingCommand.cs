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
        var start = CommandDeclaration.Define("start", [ttl, owner.Json, owner.ApiUrl, owner.Namespace, owner.Home]);
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
        var command = new Command("pairing") { start };
        return command;
    }
}
