using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Services;

namespace Sigilum.Cli.Variables;

/// <summary><c>sigilum variable list</c>: the gateway's credential variables (names and times, never values).</summary>
internal static class VariableListCommand
{
    public static Command Create(CliContext context)
    {
        var options = new VariableOptions();
        return CommandDeclaration.Define("list", [.. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            using var gateway = options.Open(context, parseResult);
            var variables = (await gateway.SendAsync(HttpMethod.Get, "/credential-variables", null, cancellationToken))?["variables"] as JsonArray ?? [];
            return context.Output.ReportTable(parseResult.GetValue(options.Json),
                () => new JsonObject { ["command"] = "variable list", ["gatewayUrl"] = gateway.Display, ["variables"] = variables.DeepClone() },
                variables,
                new TableReport<JsonNode?>("No credential variables. Create one with: sigilum variable set KEY --value-stdin",
                    ["key", "created", "updated", "by"],
                    variable =>
                    [
                        ServiceFields.Show(variable, "key"),
                        ServiceFields.Date(variable, "created_at"),
                        ServiceFields.Date(variable, "updated_at"),
                        ServiceFields.Show(variable, "created_by_subject"),
                    ]));
        });
    }
}
