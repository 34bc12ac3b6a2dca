using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Claims;

/// <summary><c>sigilum claims show &lt;claim-id&gt;</c>: one claim in full.</summary>
internal static class ClaimShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("claim-id") { Description = "The claim's id (cl_…), from `sigilum claims list`." };
        var options = new OwnerOptions();
        return CommandDeclaration.Define("show", [id, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            using var session = options.Open(context, parseResult);
            var claim = await session.Client.SendAsync(HttpMethod.Get, "/v1/claims/" + ApiClient.Segment(parseResult.GetRequiredValue(id)), null, cancellationToken);
            return context.Output.Report(options.AsJson(parseResult),
                () => new JsonObject { ["command"] = "claims show", ["claim"] = claim?.DeepClone() },
                output => WriteDetails(context, claim));
        });
    }

    /// <summary>Every field of a claim, one row each (also used after a decision).</summary>
    public static void WriteDetails(CliContext context, JsonNode? claim)
    {
        var table = new Table().AddColumns("claim", string.Empty).HideHeaders();
        if (claim is JsonObject fields)
        {
            foreach (var (key, value) in fields)
            {
                var text = value switch
                {
                    null => "-",
                    JsonArray array => array.Count == 0 ? "-" : string.Join(", ", array.Select(v => v?.ToString())),
                    _ => value.ToString(),
                };
                table.AddRow(new Text(key), new Text(text));
            }
        }
        context.Output.Console.Write(table);
    }
}
