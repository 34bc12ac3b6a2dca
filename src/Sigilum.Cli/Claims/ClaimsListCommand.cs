using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Sigilum.ControlPlane.Api.Views;
using Spectre.Console;

namespace Sigilum.Cli.Claims;

/// <summary><c>sigilum claims list</c>: the namespace's claims, newest first.</summary>
internal static class ClaimsListCommand
{
    public static readonly string[] Statuses = ["pending", "approved", "rejected", "revoked", "expired"];

    public static Command Create(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "Only claims in this state.", HelpName = "status" };
        status.AcceptOnlyFromAmong(Statuses);
        var service = new Option<string?>("--service") { Description = "Only claims for this service slug.", HelpName = "slug" };
        var limit = new Option<int>("--limit") { Description = "At most this many (1-200).", HelpName = "n", DefaultValueFactory = _ => 50 };
        var offset = new Option<int>("--offset") { Description = "Skip this many (paging).", HelpName = "n" };
        var options = new OwnerOptions();
        return CommandDeclaration.Define("list", [status, service, limit, offset, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var (take, skip) = (parseResult.GetValue(limit), parseResult.GetValue(offset));
            if (take is < 1 or > 200 || skip < 0)
            {
                throw new CliException(ExitCodes.Usage, "--limit must be 1-200 and --offset 0 or more.");
            }
            using var session = options.Open(context, parseResult);
            var query = $"?limit={take.ToString(CultureInfo.InvariantCulture)}&offset={skip.ToString(CultureInfo.InvariantCulture)}";
            if (parseResult.GetValue(status) is { } s)
            {
                query += "&status=" + Uri.EscapeDataString(s);
            }
            if (parseResult.GetValue(service) is { } slug)
            {
                query += "&service=" + Uri.EscapeDataString(slug);
            }
            var page = await session.Client.SendAsync(HttpMethod.Get, session.NamespacePath + "/claims" + query, null, cancellationToken);
            var claims = page?["claims"] as JsonArray ?? [];
            return context.Output.Report(options.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "claims list",
                ["apiUrl"] = ApiUrl.Display(session.Client.BaseUrl),
                ["namespace"] = session.Namespace,
                ["claims"] = claims.DeepClone(),
                ["pagination"] = page?["pagination"]?.DeepClone(),
            }, output => Print(context, session.Namespace, claims, page?["pagination"]));
        });
    }

    private static void Print(CliContext context, string ns, JsonArray claims, JsonNode? pagination)
    {
        var console = context.Output.Console;
        if (claims.Count == 0)
        {
            console.WriteLine($"No claims in {ns} match. Agents file one when they first ask to use a service.");
            return;
        }
        var now = context.Environment.Time.GetUtcNow();
        var table = new Table().AddColumns("claim", "service", "agent", "agent key", "subject", "status", "age", "expires");
        foreach (var claim in claims.Select(ClaimFields.Read).OfType<ClaimView>())
        {
            table.AddRow(
                new Text(ClaimFields.Or(claim.ClaimId)),
                new Text(ClaimFields.Or(claim.Service)),
                new Text(ClaimFields.Agent(claim)),
                new Text(ClaimFields.ShortKey(claim)),
                new Text(ClaimFields.Subject(claim)),
                new Markup(StatusMarkup(ClaimFields.Or(claim.Status))),
                new Text(ClaimFields.Age(claim, now)),
                new Text(ClaimFields.Expiry(claim, now)));
        }
        console.Write(table);
        if (pagination?["has_more"] is JsonValue more && more.TryGetValue<bool>(out var hasMore) && hasMore)
        {
            console.WriteLine($"Showing {claims.Count} of {pagination["total"]}; use --offset to see more.");
        }
    }

    public static string StatusMarkup(string status) => status switch
    {
        "pending" => "[yellow]pending[/]",
        "approved" => "[green]approved[/]",
        "rejected" or "revoked" => $"[red]{status}[/]",
        _ => Markup.Escape(status),
    };
}
