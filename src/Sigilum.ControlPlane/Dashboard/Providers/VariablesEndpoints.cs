using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Relay;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// A gateway's credential variables (spec §3.7: shared values that connections use as <c>{{KEY}}</c>), set and
/// deleted through the relay. Values are sealed in the browser like provider secrets (<c>sealed_value</c>) and are
/// never listed back.
/// </summary>
internal static class VariablesEndpoints
{
    internal static async Task<IResult> ShowAsync(HttpContext context, GatewayAdmin admin, string? gateway)
    {
        var target = Target(context, admin, gateway);
        return target is null
            ? DashboardPages.Done(DashboardPaths.Providers, "no-gateway")
            : await PageAsync(context, admin, target, null, null, StatusCodes.Status200OK);
    }

    internal static async Task<IResult> SetAsync(HttpContext context, GatewayAdmin admin)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var target = Target(context, admin, form["gateway"]);
        if (target is null)
        {
            return DashboardPages.Done(DashboardPaths.Providers, "no-gateway");
        }
        var key = form["key"].ToString().Trim();
        var (sealedValues, problem) = ProviderForm.SealedSecrets(form);
        if (sealedValues?["value"] is not JsonObject envelope)
        {
            return await PageAsync(context, admin, target, problem ?? "Enter the value.", key, StatusCodes.Status400BadRequest);
        }
        var ns = context.Owner().Namespace;
        var body = new JsonObject { ["key"] = key, ["sealed_value"] = envelope.DeepClone(), ["created_by_subject"] = "dashboard:" + ns };
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Post, "/api/admin/credential-variables", body, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(DashboardPaths.Variables + "?gateway=" + Uri.EscapeDataString(target.NodeId), "variable-set")
            : await PageAsync(context, admin, target, outcome.Problem, key, StatusCodes.Status400BadRequest);
    }

    internal static async Task<IResult> DeleteAsync(HttpContext context, GatewayAdmin admin, string key)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var target = Target(context, admin, form["gateway"]);
        if (target is null)
        {
            return DashboardPages.Done(DashboardPaths.Providers, "no-gateway");
        }
        var ns = context.Owner().Namespace;
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Delete, "/api/admin/credential-variables/" + Uri.EscapeDataString(key), null, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(DashboardPaths.Variables + "?gateway=" + Uri.EscapeDataString(target.NodeId), "variable-deleted")
            : await PageAsync(context, admin, target, outcome.Problem, null, StatusCodes.Status400BadRequest);
    }

    private static RelayedGateway? Target(HttpContext context, GatewayAdmin admin, string? nodeId) => admin.Target(context.Owner().Namespace, nodeId);

    private static async Task<IResult> PageAsync(HttpContext context, GatewayAdmin admin, RelayedGateway target, string? problem, string? key, int status)
    {
        var ns = context.Owner().Namespace;
        var listed = await admin.SendAsync(ns, target.NodeId, HttpMethod.Get, "/api/admin/credential-variables", null, context.RequestAborted);
        var variables = GatewayJson.Items(listed, "variables", v => new VariableView(GatewayJson.Text(v, "key") ?? "?", GatewayJson.Instant(v, "updated_at"), GatewayJson.Text(v, "created_by_subject")));
        return DashboardPages.Render<VariablesPage>(context, "Credential variables", new VariablesModel(target, variables, problem ?? listed.Problem, key), status);
    }
}
