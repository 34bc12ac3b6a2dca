using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Cli.Services;

/// <summary>
/// <c>sigilum service policy &lt;id&gt;</c>: show or change an MCP service's tool policy — the connection's, or one
/// subject's (<c>--subject</c>) — and show the effective result per discovered tool.
/// </summary>
internal static class ServicePolicyCommand
{
    /// <summary>The gateway's bound on a subject (the <c>sigilum-subject</c> an agent signs).</summary>
    private const int MaxSubjectLength = 256;

    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id) of an MCP service." };
        var subject = new Option<string?>("--subject") { Description = "Change or show this subject's policy instead of the connection's.", HelpName = "subject" };
        var allow = new Option<string[]>("--allow") { Description = "Replace the allow-list (comma-separated, repeatable); --allow '' removes it.", HelpName = "tools" };
        var deny = new Option<string[]>("--deny") { Description = "Replace the deny-list (comma-separated, repeatable); --deny '' empties it.", HelpName = "tools" };
        var maxTools = new Option<int?>("--max-tools") { Description = "Expose at most this many tools; 0 removes the limit.", HelpName = "n" };
        var clear = new Option<bool>("--clear") { Description = "Remove the policy: the connection's lists and limit, or the subject's whole entry." };
        var show = new Option<bool>("--show") { Description = "Only show the policy and the tools it exposes (the default when nothing is changed)." };
        var options = new ServiceOptions();
        return CommandDeclaration.Define("policy", [id, subject, allow, deny, maxTools, clear, show, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            var who = ReadSubject(parseResult.GetValue(subject));
            var change = new PolicyChange(
                ToolNameList.Parse(parseResult.GetValue(allow), "--allow"),
                ToolNameList.Parse(parseResult.GetValue(deny), "--deny"),
                ToolNameList.Limit(parseResult.GetValue(maxTools), "--max-tools"),
                parseResult.GetValue(clear));
            if (parseResult.GetValue(show) && !change.IsEmpty)
            {
                throw new CliException(ExitCodes.Usage, "--show only shows: leave out --allow, --deny, --max-tools and --clear, or --show.");
            }
            if (change.Clear && (change.Allow is not null || change.Deny is not null || change.MaxTools is not null))
            {
                throw new CliException(ExitCodes.Usage, "--clear removes the whole policy: give it alone, or change single lists with --allow '' / --deny '' / --max-tools 0.");
            }
            using var gateway = options.OpenGateway(context, parseResult);
            var path = "/connections/" + ApiClient.Segment(serviceId);
            var connection = await gateway.SendAsync(HttpMethod.Get, path, null, cancellationToken);
            if (!McpConnectionJson.IsMcp(connection))
            {
                throw new CliException(ExitCodes.Usage, $"{serviceId} is an {ServiceFields.Show(connection, "protocol")} service; tool policies apply to MCP services (service add --protocol mcp).");
            }
            if (!change.IsEmpty)
            {
                var patch = who is null ? ConnectionPatch(change) : SubjectPatch(connection, who, change);
                connection = await gateway.SendAsync(HttpMethod.Patch, path, patch, cancellationToken);
            }
            return context.Output.Report(parseResult.GetValue(options.Json),
                () => new JsonObject
                {
                    ["command"] = "service policy",
                    ["id"] = serviceId,
                    ["changed"] = !change.IsEmpty,
                    ["mcp"] = McpPolicyOutput.Describe(connection, who),
                },
                output =>
                {
                    if (!change.IsEmpty)
                    {
                        output.Out.WriteLine($"Updated the tool policy of {(who is null ? serviceId : $"subject {who} on {serviceId}")}.");
                    }
                    McpPolicyOutput.Write(output.Console, connection, who);
                });
        });
    }

    /// <summary>What the flags ask to change; a null member stays as it is.</summary>
    private sealed record PolicyChange(string[]? Allow, string[]? Deny, int? MaxTools, bool Clear)
    {
        public bool IsEmpty => Allow is null && Deny is null && MaxTools is null && !Clear;
    }

    private static string? ReadSubject(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var subject = value.Trim();
        return subject.Length is > 0 and <= MaxSubjectLength && !subject.Any(char.IsControl)
            ? subject
            : throw new CliException(ExitCodes.Usage, $"--subject must be 1-{MaxSubjectLength} characters without control characters.");
    }

    /// <summary>The connection's own fields; <c>--clear</c> empties both lists and removes the limit (0).</summary>
    private static JsonObject ConnectionPatch(PolicyChange change)
    {
        var patch = new JsonObject();
        if (change.Clear || change.Allow is not null)
        {
            patch["mcp_tool_allowlist"] = Names(change.Clear ? [] : change.Allow!);
        }
        if (change.Clear || change.Deny is not null)
        {
            patch["mcp_tool_denylist"] = Names(change.Clear ? [] : change.Deny!);
        }
        if (change.Clear || change.MaxTools is not null)
        {
            patch["mcp_max_tools_exposed"] = change.Clear ? 0 : change.MaxTools;
        }
        return patch;
    }

    /// <summary>
    /// The whole subject map with this subject's entry changed (the gateway replaces the map, it does not merge): given
    /// fields replace the subject's, the rest of its entry stays; <c>--clear</c> removes the entry.
    /// </summary>
    private static JsonObject SubjectPatch(JsonNode? connection, string subject, PolicyChange change)
    {
        var policies = McpConnectionJson.SubjectPolicies(connection);
        if (change.Clear)
        {
            policies.Remove(subject);
        }
        else
        {
            var current = policies.GetValueOrDefault(subject) ?? McpToolPolicy.None;
            policies[subject] = current with
            {
                Allowlist = change.Allow ?? current.Allowlist,
                Denylist = change.Deny ?? current.Denylist,
                MaxToolsExposed = change.MaxTools is { } max ? (max > 0 ? max : null) : current.MaxToolsExposed,
            };
        }
        var map = new JsonObject();
        foreach (var (name, policy) in policies)
        {
            map[name] = McpConnectionJson.ToJson(policy);
        }
        return new JsonObject { ["mcp_subject_tool_policies"] = map };
    }

    private static JsonArray Names(string[] names) => new([.. names.Select(n => JsonValue.Create(n))]);
}
