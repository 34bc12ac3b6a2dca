using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Local;
using Spectre.Console;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// <c>sigilum gateway audit-reopen</c>: the operator's command that ends a sticky audit failure of the running gateway
/// (docs/decisions/0023) through its admin API, <c>POST /api/admin/audit/reopen</c>.
/// </summary>
internal static class GatewayAuditReopenCommand
{
    public static Command Create(CliContext context)
    {
        var local = new HomeOptions();
        var admin = new GatewayAdminOptions();
        return CommandDeclaration.Define("audit-reopen", [.. local.Symbols, .. admin.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            using var client = admin.Open(context, parseResult, parseResult.GetValue(local.Home));
            var answer = await client.SendAsync(HttpMethod.Post, "/audit/reopen", null, cancellationToken);
            return context.Output.Report(local.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "gateway audit-reopen",
                ["gatewayUrl"] = client.Display,
                ["available"] = answer?["available"]?.DeepClone(),
                ["seq"] = answer?["seq"]?.DeepClone(),
            }, output => output.Console.WriteLine($"The audit log of the gateway at {client.Display} is open again (seq {answer?["seq"]}); releases resume."));
        });
    }
}
