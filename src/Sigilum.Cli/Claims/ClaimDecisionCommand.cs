using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Claims;

/// <summary><c>sigilum claims approve|reject|revoke &lt;claim-id&gt;</c>: the owner decides.</summary>
internal static class ClaimDecisionCommand
{
    public static Command Create(CliContext context, ClaimDecision decision)
    {
        var verb = decision.ToString().ToLowerInvariant();
        var id = new Argument<string>("claim-id") { Description = "The claim's id (cl_…), from `sigilum claims list`." };
        var options = new OwnerOptions();
        Option<string?>? expiresIn = null;
        Option<string[]>? subjects = null;
        List<Symbol> symbols = [id];
        if (decision == ClaimDecision.Approve)
        {
            expiresIn = new Option<string?>("--expires-in")
            {
                Description = "The approval lapses after this long (30m, 1h, 7d, 2w) [default: until revoked].",
                HelpName = "duration",
            };
            subjects = new Option<string[]>("--subject")
            {
                Description = "Only requests made for this subject are allowed (repeatable) [default: any subject].",
                HelpName = "subject",
            };
            symbols.AddRange([expiresIn, subjects]);
        }
        return CommandDeclaration.Define(verb, [.. symbols, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            JsonObject? body = null;
            if (decision == ClaimDecision.Approve)
            {
                body = [];
                if (parseResult.GetValue(expiresIn!) is { } text)
                {
                    body["expires_in_seconds"] = (long)Durations.Parse(text, "--expires-in").TotalSeconds;
                }
                if (parseResult.GetValue(subjects!) is { Length: > 0 } allowed)
                {
                    body["allowed_subjects"] = new JsonArray([.. allowed.Select(s => (JsonNode)JsonValue.Create(s))]);
                }
            }
            using var session = options.Open(context, parseResult);
            var claimId = parseResult.GetRequiredValue(id);
            var claim = await session.Client.SendAsync(HttpMethod.Post, $"/v1/claims/{ApiClient.Segment(claimId)}/{verb}", body, cancellationToken);
            return context.Output.Report(options.AsJson(parseResult),
                () => new JsonObject { ["command"] = "claims " + verb, ["claim"] = claim?.DeepClone() },
                output => output.Console.MarkupLine(Summary(decision, claim)));
        });
    }


    private static string Summary(ClaimDecision decision, JsonNode? answer)
    {
        var claim = ClaimFields.Read(answer);
        var id = Markup.Escape(ClaimFields.Or(claim?.ClaimId));
        var who = Markup.Escape(ClaimFields.ShortKey(claim));
        var service = Markup.Escape(ClaimFields.Or(claim?.Service));
        switch (decision)
        {
            case ClaimDecision.Approve:
                var until = claim?.ExpiresAt is { } expires
                    ? " until " + expires.ToString("u", CultureInfo.InvariantCulture)
                    : " until revoked";
                var subjects = claim?.AllowedSubjects is { Count: > 0 } list
                    ? ", for subjects " + Markup.Escape(string.Join(", ", list))
                    : string.Empty;
                return $"[green]Approved[/] {id}: agent {who} may use [bold]{service}[/]{until}{subjects}.";
            case ClaimDecision.Reject:
                return $"[red]Rejected[/] {id}: agent {who} may not use [bold]{service}[/].";
            default:
                var revoked = $"[red]Revoked[/] {id}: agent {who} may no longer use [bold]{service}[/]";
                return RevocationReport.Describe(answer) is { } report ? revoked + ".\n" + report : revoked + "; gateways deny its next request.";
        }
    }
}
