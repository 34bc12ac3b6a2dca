using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Services;
using Spectre.Console;

namespace Sigilum.Cli.Variables;

/// <summary><c>sigilum variable list</c>: the gateway's credential variables (names and times, never values).</summary>
internal static class VariableListCommand
{
    public static Command Create(CliContext context)
    {
        var options = new VariableOptions();
        var command = new Command("list", "List the gateway's credential variables (names only, never values).");
        options.AddTo(command);
        context.Examples.AddDetails(command,
            "GET /api/admin/credential-variables. --json prints {command, gatewayUrl, variables:[{key, created_at, updated_at, created_by_subject}]}.");
        context.Examples.Add(command, "sigilum variable list", "sigilum variable list --json | jq -r '.variables[].key'");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var gateway = options.Open(context, parseResult);
            var variables = (await gateway.SendAsync(HttpMethod.Get, "/credential-variables", null, cancellationToken))?["variables"] as JsonArray ?? [];
            if (parseResult.GetValue(options.Json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "variable list", ["gatewayUrl"] = gateway.Display, ["variables"] = variables.DeepClone() });
                return ExitCodes.Ok;
            }
            if (variables.Count == 0)
            {
                context.Output.Out.WriteLine("No credential variables. Create one with: sigilum variable set KEY --value-stdin");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("key", "created", "updated", "by");
            foreach (var variable in variables)
            {
                table.AddRow(
                    new Text(ServiceFields.Show(variable, "key")),
                    new Text(ServiceFields.Date(variable, "created_at")),
                    new Text(ServiceFields.Date(variable, "updated_at")),
                    new Text(ServiceFields.Show(variable, "created_by_subject")));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
