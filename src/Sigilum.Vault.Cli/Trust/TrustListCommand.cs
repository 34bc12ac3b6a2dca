using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust list</c>.</summary>
internal static class TrustListCommand
{
    public static Command Create(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List trust anchors.") { home, json };
        context.Examples.Add(command, "sigil-vault trust list", "sigil-vault trust list --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var anchors = await store.ListTrustAnchorsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "trust list", ["anchors"] = new JsonArray([.. anchors.Select(TrustCommand.ToJson)]) });
                return ExitCodes.Ok;
            }
            if (anchors.Count == 0)
            {
                context.Output.Out.WriteLine("No trust anchors. Add one with: sigil-vault trust add --kid <kid> --fingerprint sha256:<hex> --jwks-url <url>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("kid", "fingerprint", "issuer", "source");
            foreach (var a in anchors)
            {
                table.AddRow(new Text(a.Kid), new Text(a.Fingerprint), new Text(a.Issuer), new Text(a.Source));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
