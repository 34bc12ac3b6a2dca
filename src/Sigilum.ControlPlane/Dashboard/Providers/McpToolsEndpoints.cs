using System.Text.Json.Nodes;
using System.Text.Json;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Relay;
using Sigilum.Protocol.Mcp;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// An MCP provider's tools page: the tools the gateway discovered with allowed or denied (and why) under the
/// connection's policy or one subject's, "Discover now", and the policy editors. Everything goes to the gateway's admin
/// API through the relay, like the other provider pages: the gateway validates and audits each change (the admin API's
/// own audit), and the forms carry the dashboard's antiforgery token.
/// </summary>
internal static class McpToolsEndpoints
{
    private const int MaxSubjectLength = 256;

    internal static async Task<IResult> ShowAsync(HttpContext context, GatewayAdmin admin, string id, string? gateway, string? subject)
    {
        var found = await FindAsync(context, admin, id, gateway);
        if (found is not (_, var target, var provider, var mcp))
        {
            return DashboardPages.NotFound(context);
        }
        var chosen = string.IsNullOrWhiteSpace(subject) ? null : subject.Trim();
        if (chosen is not null && !ValidSubject(chosen))
        {
            return Page(context, McpToolsModel.Build(target, provider, mcp, null, SubjectProblem), StatusCodes.Status400BadRequest);
        }
        return Page(context, McpToolsModel.Build(target, provider, mcp, chosen, null));
    }

    internal static async Task<IResult> DiscoverAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var found = await FindAsync(context, admin, id, form["gateway"]);
        if (found is not (var ns, var target, var provider, var mcp))
        {
            return DashboardPages.NotFound(context);
        }
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Post, GatewayAdmin.ConnectionPath(id) + "/discover", new JsonObject(), context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(ToolsPath(id, target), "mcp-discovered")
            : await ProblemPageAsync(context, admin, id, target, provider, mcp, "Discovery failed: " + outcome.Problem);
    }

    internal static async Task<IResult> SavePolicyAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var found = await FindAsync(context, admin, id, form["gateway"]);
        if (found is not (var ns, var target, var provider, var mcp))
        {
            return DashboardPages.NotFound(context);
        }
        var (policy, problem) = McpPolicyForm.Read(form["allowlist"].ToString(), form["denylist"].ToString(), form["max_tools_exposed"].ToString());
        if (policy is null)
        {
            return Page(context, McpToolsModel.Build(target, provider, mcp, null, problem), StatusCodes.Status400BadRequest);
        }
        // Every field of the form is sent: an emptied list or limit clears it on the gateway.
        var body = new JsonObject
        {
            ["mcp_tool_allowlist"] = McpPolicyForm.Names(policy.Allowlist),
            ["mcp_tool_denylist"] = McpPolicyForm.Names(policy.Denylist),
            ["mcp_max_tools_exposed"] = policy.MaxToolsExposed ?? 0,
        };
        return await PatchAsync(context, admin, (ns, target, provider, mcp), id, body, ToolsPath(id, target), "mcp-policy-saved");
    }

    internal static async Task<IResult> SaveSubjectPolicyAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var found = await FindAsync(context, admin, id, form["gateway"]);
        if (found is not (var ns, var target, var provider, var mcp))
        {
            return DashboardPages.NotFound(context);
        }
        var subject = form["subject"].ToString().Trim();
        if (!ValidSubject(subject))
        {
            return Page(context, McpToolsModel.Build(target, provider, mcp, null, SubjectProblem), StatusCodes.Status400BadRequest);
        }
        var (policy, problem) = McpPolicyForm.Read(form["allowlist"].ToString(), form["denylist"].ToString(), form["max_tools_exposed"].ToString());
        if (policy is null)
        {
            return Page(context, McpToolsModel.Build(target, provider, mcp, null, problem), StatusCodes.Status400BadRequest);
        }
        var policies = new SortedDictionary<string, McpToolPolicy>(mcp.SubjectPolicies.ToDictionary(), StringComparer.Ordinal) { [subject] = policy };
        return await PatchAsync(context, admin, (ns, target, provider, mcp), id, SubjectMap(policies), ToolsPath(id, target) + "&subject=" + Uri.EscapeDataString(subject), "mcp-subject-policy-saved");
    }

    internal static async Task<IResult> DeleteSubjectPolicyAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var found = await FindAsync(context, admin, id, form["gateway"]);
        if (found is not (var ns, var target, var provider, var mcp))
        {
            return DashboardPages.NotFound(context);
        }
        var subject = form["subject"].ToString().Trim();
        if (!mcp.SubjectPolicies.ContainsKey(subject))
        {
            return Page(context, McpToolsModel.Build(target, provider, mcp, null, $"There is no policy for subject {subject} (any more)."), StatusCodes.Status404NotFound);
        }
        var policies = new SortedDictionary<string, McpToolPolicy>(mcp.SubjectPolicies.Where(p => p.Key != subject).ToDictionary(), StringComparer.Ordinal);
        return await PatchAsync(context, admin, (ns, target, provider, mcp), id, SubjectMap(policies), ToolsPath(id, target), "mcp-subject-policy-deleted");
    }

    /// <summary>Sends a policy change; back to the page with <paramref name="notice"/>, or the page again with the gateway's refusal (400).</summary>
    private static async Task<IResult> PatchAsync(
        HttpContext context, GatewayAdmin admin, (string Namespace, RelayedGateway Gateway, ProviderView Provider, McpProviderView Mcp) found,
        string id, JsonObject body, string back, string notice)
    {
        var outcome = await admin.SendAsync(found.Namespace, found.Gateway.NodeId, HttpMethod.Patch, GatewayAdmin.ConnectionPath(id), body, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(back, notice)
            : Page(context, McpToolsModel.Build(found.Gateway, found.Provider, found.Mcp, null, outcome.Problem), StatusCodes.Status400BadRequest);
    }

    /// <summary>
    /// The whole subject map: the gateway replaces it on PATCH (a missing subject is removed), so the page sends every
    /// subject's policy as it read them plus the one change.
    /// </summary>
    private static JsonObject SubjectMap(SortedDictionary<string, McpToolPolicy> policies)
    {
        var map = new JsonObject();
        foreach (var (subject, policy) in policies)
        {
            map[subject] = McpPolicyForm.ToJson(policy);
        }
        return new JsonObject { ["mcp_subject_tool_policies"] = map };
    }

    /// <summary>The connected gateway of the signed-in namespace and its MCP connection, or null (404) for anything else.</summary>
    private static async Task<(string Namespace, RelayedGateway Gateway, ProviderView Provider, McpProviderView Mcp)?> FindAsync(
        HttpContext context, GatewayAdmin admin, string id, string? nodeId)
    {
        var ns = context.Owner().Namespace;
        var target = admin.Target(ns, nodeId);
        if (target is null)
        {
            return null;
        }
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Get, GatewayAdmin.ConnectionPath(id), null, context.RequestAborted);
        if (!outcome.Ok || outcome.Body is not { } body)
        {
            return null;
        }
        var connection = body.TryGetProperty("connection", out var c) && c.ValueKind == JsonValueKind.Object ? c : body;
        var provider = ProviderView.From(connection);
        return provider.IsMcp ? (ns, target, provider, McpProviderView.From(connection)) : null;
    }

    /// <summary>The page again with a problem, showing the connection as it is now (a failed discovery records its error).</summary>
    private static async Task<IResult> ProblemPageAsync(
        HttpContext context, GatewayAdmin admin, string id, RelayedGateway target, ProviderView provider, McpProviderView mcp, string problem)
    {
        var now = await FindAsync(context, admin, id, target.NodeId);
        return Page(context, McpToolsModel.Build(target, now?.Provider ?? provider, now?.Mcp ?? mcp, null, problem), StatusCodes.Status502BadGateway);
    }

    private const string SubjectProblem = "A subject is 1-256 characters without control characters, as the agent signs it (sigilum-subject).";

    private static bool ValidSubject(string subject) => subject.Length is > 0 and <= MaxSubjectLength && !subject.Any(char.IsControl);

    private static string ToolsPath(string id, RelayedGateway target) =>
        DashboardPaths.Providers + "/" + Uri.EscapeDataString(id) + "/tools?gateway=" + Uri.EscapeDataString(target.NodeId);

    private static IResult Page(HttpContext context, McpToolsModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<McpToolsPage>(context, "Tools of " + model.Provider.Name, model, status);
}
