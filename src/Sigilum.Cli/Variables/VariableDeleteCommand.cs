using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Variables;

/// <summary><c>sigilum variable delete KEY</c>.</summary>
internal static class VariableDeleteCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Argument<string>("key") { Description = "The variable's name." };
        var options = new VariableOptions();
        return CommandDeclaration.Define("delete", [key, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetRequiredValue(key);
            using var gateway = options.Open(context, parseResult);
            await gateway.SendAsync(HttpMethod.Delete, "/credential-variables/" + ApiClient.Segment(name), null, cancellationToken);
            return context.Output.Report(parseResult.GetValue(options.Json),
                () => new JsonObject { ["command"] = "variable delete", ["key"] = name, ["deleted"] = true },
                output => output.Out.WriteLine($"Deleted the credential variable {name}."));
        });
    }
}
