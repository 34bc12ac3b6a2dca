using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Mcp;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary>
/// How <c>service get</c>, <c>service policy</c> and <c>service discover</c> show an MCP connection's tools: the
/// connection's policy, the subject policies, the effective policy for one subject (or the connection alone), and every
/// discovered tool with whether it is exposed and the reason code (the shared evaluation, <see cref="McpToolDecisions"/>).
/// </summary>
internal static class McpPolicyOutput
{
    private const int DescriptionWidth = 72;

    /// <summary>The JSON the three commands print under <c>mcp</c>.</summary>
    public static JsonObject Describe(JsonNode? connection, string? subject)
    {
        var policies = McpConnectionJson.SubjectPolicies(connection);
        var effective = Effective(connection, subject, policies);
        var discovery = connection?["mcp_discovery"];
        var subjects = new JsonObject();
        foreach (var (name, policy) in policies)
        {
            subjects[name] = McpConnectionJson.ToJson(policy);
        }
        return new JsonObject
        {
            ["transport"] = ServiceFields.Text(connection, "mcp_transport"),
            ["endpoint"] = ServiceFields.Text(connection, "mcp_endpoint"),
            ["policy"] = McpConnectionJson.ToJson(McpConnectionJson.ConnectionPolicy(connection)),
            ["subjectPolicies"] = subjects,
            ["subject"] = subject,
            ["effectivePolicy"] = McpConnectionJson.ToJson(effective),
            ["server"] = discovery?["server"]?.DeepClone(),
            ["lastDiscoveredAt"] = ServiceFields.Text(discovery, "last_discovered_at"),
            ["lastDiscoveryError"] = ServiceFields.Text(discovery, "last_discovery_error"),
            ["tools"] = new JsonArray([.. Decisions(connection, effective).Select(d => (JsonNode)new JsonObject
            {
                ["name"] = d.Decision.Tool,
                ["description"] = d.Description,
                ["allowed"] = d.Decision.Allowed,
                ["reason_code"] = d.Decision.ReasonCode,
            })]),
        };
    }

    /// <summary>The human form: policy lines, then one row per discovered tool.</summary>
    public static void Write(IAnsiConsole console, JsonNode? connection, string? subject)
    {
        ArgumentNullException.ThrowIfNull(console);
        var policies = McpConnectionJson.SubjectPolicies(connection);
        var effective = Effective(connection, subject, policies);
        var grid = new Table().AddColumns(string.Empty, string.Empty).HideHeaders().NoBorder();
        grid.AddRow("connection policy", Markup.Escape(Summary(McpConnectionJson.ConnectionPolicy(connection))));
        grid.AddRow("subject policies", policies.Count == 0 ? "none" : Markup.Escape(string.Join("; ", policies.Select(p => $"{p.Key}: {Summary(p.Value)}"))));
        grid.AddRow(subject is null ? "effective" : "effective for " + Markup.Escape(subject), Markup.Escape(Summary(effective)));
        var discovery = connection?["mcp_discovery"];
        grid.AddRow("discovered", Markup.Escape(DiscoveryLine(discovery)));
        if (ServiceFields.Text(discovery, "last_discovery_error") is { } error)
        {
            grid.AddRow("[yellow]last error[/]", Markup.Escape(error));
        }
        console.Write(grid);
        var decisions = Decisions(connection, effective);
        if (decisions.Count == 0)
        {
            console.MarkupLine("No tools discovered yet: run [bold]sigilum service discover " + Markup.Escape(ServiceFields.Show(connection, "id")) + "[/].");
            return;
        }
        var table = new Table().AddColumns("tool", "exposed", "reason", "description");
        foreach (var (decision, description) in decisions)
        {
            table.AddRow(
                Markup.Escape(decision.Tool),
                decision.Allowed ? "[green]yes[/]" : "[red]no[/]",
                Markup.Escape(decision.ReasonCode),
                Markup.Escape(Short(description)));
        }
        console.Write(table);
        var exposed = decisions.Count(d => d.Decision.Allowed);
        console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{exposed} of {decisions.Count} tools exposed{(subject is null ? " (connection policy; a subject's own policy can narrow it: --subject)" : " to " + Markup.Escape(subject))}."));
    }

    /// <summary>"allow echo, add; deny get-env; at most 3 tools", or "none (every discovered tool)".</summary>
    public static string Summary(McpToolPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Summary(policy.Allowlist.Count == 0 ? null : policy.Allowlist, policy.Denylist, policy.MaxToolsExposed);
    }

    public static string Summary(McpEffectivePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Allowlist is { Count: 0 }
            ? "no tool (the connection's and the subject's allow-lists share none)"
            : Summary(policy.Allowlist, policy.Denylist, policy.MaxToolsExposed);
    }

    private static string Summary(IReadOnlyList<string>? allow, IReadOnlyList<string> deny, int? max)
    {
        var parts = new List<string>();
        if (allow is not null)
        {
            parts.Add("allow " + string.Join(", ", allow));
        }
        if (deny.Count > 0)
        {
            parts.Add("deny " + string.Join(", ", deny));
        }
        if (max is > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most {max} tools"));
        }
        return parts.Count == 0 ? "none (every discovered tool)" : string.Join("; ", parts);
    }

    private static McpEffectivePolicy Effective(JsonNode? connection, string? subject, SortedDictionary<string, McpToolPolicy> policies) =>
        McpToolDecisions.Effective(McpConnectionJson.ConnectionPolicy(connection), subject is not null && policies.TryGetValue(subject, out var own) ? own : null);

    private static List<(McpToolDecision Decision, string Description)> Decisions(JsonNode? connection, McpEffectivePolicy effective)
    {
        var tools = McpConnectionJson.Tools(connection?["mcp_discovery"]);
        var names = tools.Select(t => t.Name).ToList();
        var descriptions = tools.ToDictionary(t => t.Name, t => t.Description, StringComparer.Ordinal);
        return [.. McpToolDecisions.DecideAll(effective, names).Select(d => (d, descriptions.GetValueOrDefault(d.Tool, string.Empty)))];
    }

    private static string DiscoveryLine(JsonNode? discovery)
    {
        if (ServiceFields.Time(discovery, "last_discovered_at") is not { } at)
        {
            return "never";
        }
        var server = discovery?["server"];
        var name = ServiceFields.Text(server, "name") is { } n ? $", server {n} {ServiceFields.Text(server, "version")}".TrimEnd() : string.Empty;
        var count = (discovery?["tools"] as JsonArray)?.Count ?? 0;
        return string.Create(CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm} UTC, {count} tools{name}");
    }

    /// <summary>The first line of a description, cut to fit a terminal row.</summary>
    private static string Short(string description)
    {
        var line = description.Split('\n', 2)[0].Trim();
        return line.Length <= DescriptionWidth ? line : line[..(DescriptionWidth - 1)] + "…";
    }
}
