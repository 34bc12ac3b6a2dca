using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Relay;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// Providers: the upstream connections of a gateway, administered through its relay stream. Secrets typed here are
/// sealed in the browser to that gateway's P-256 key (ADR 0018), so the control plane only ever relays ciphertext
/// and nothing here can read a secret back.
/// </summary>
internal static class ProvidersEndpoints
{
    internal static Task<IResult> ListAsync(HttpContext context, GatewayAdmin admin, string? gateway) =>
        ListPageAsync(context, admin, gateway, problem: null, result: null);

    internal static async Task<IResult> NewAsync(HttpContext context, GatewayAdmin admin, string? gateway, string? template)
    {
        var (ns, target) = Target(context, admin, gateway);
        if (target is null)
        {
            return await ListPageAsync(context, admin, gateway, NotConnected, null);
        }
        var templates = await TemplatesAsync(context, admin, ns, target);
        var chosen = templates.FirstOrDefault(t => t.Key == template) ?? (template == ProviderTemplate.CustomMcp.Key ? ProviderTemplate.CustomMcp : ProviderTemplate.Custom);
        return Form(context, new ProviderFormModel(target, chosen, null, Defaults(chosen), null));
    }

    internal static async Task<IResult> AddAsync(HttpContext context, GatewayAdmin admin)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (ns, target) = Target(context, admin, form["gateway"]);
        if (target is null)
        {
            return await ListPageAsync(context, admin, form["gateway"], NotConnected, null);
        }
        var templates = await TemplatesAsync(context, admin, ns, target);
        var template = templates.FirstOrDefault(t => t.Key == form["template"]) ?? (form["template"] == ProviderTemplate.CustomMcp.Key ? ProviderTemplate.CustomMcp : ProviderTemplate.Custom);
        var values = ProviderForm.Values(form);
        var (sealedSecrets, problem) = ProviderForm.SealedSecrets(form);
        var (body, invalid) = ProviderForm.Body(values);
        if (sealedSecrets is null || body is null)
        {
            return Form(context, new ProviderFormModel(target, template, null, values, problem ?? invalid), StatusCodes.Status400BadRequest);
        }
        body["sealed_secrets"] = sealedSecrets;
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Post, "/api/admin/connections", body, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(DashboardPaths.Providers + "?gateway=" + Uri.EscapeDataString(target.NodeId), "provider-added")
            : Form(context, new ProviderFormModel(target, template, null, values, outcome.Problem), StatusCodes.Status400BadRequest);
    }

    internal static async Task<IResult> RotateFormAsync(HttpContext context, GatewayAdmin admin, string id, string? gateway)
    {
        var (ns, target) = Target(context, admin, gateway);
        if (target is null)
        {
            return await ListPageAsync(context, admin, gateway, NotConnected, null);
        }
        var provider = await GetAsync(context, admin, ns, target, id);
        return provider is null
            ? DashboardPages.NotFound(context)
            : Form(context, RotationModel(target, provider, null));
    }

    internal static async Task<IResult> RotateAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (ns, target) = Target(context, admin, form["gateway"]);
        if (target is null)
        {
            return await ListPageAsync(context, admin, form["gateway"], NotConnected, null);
        }
        var provider = await GetAsync(context, admin, ns, target, id);
        if (provider is null)
        {
            return DashboardPages.NotFound(context);
        }
        var (sealedSecrets, problem) = ProviderForm.SealedSecrets(form);
        if (sealedSecrets is null)
        {
            return Form(context, RotationModel(target, provider, problem), StatusCodes.Status400BadRequest);
        }
        var body = new JsonObject { ["sealed_secrets"] = sealedSecrets, ["rotated_by"] = "dashboard:" + ns };
        if (form["reason"].ToString().Trim() is { Length: > 0 and <= 200 } reason)
        {
            body["rotation_reason"] = reason;
        }
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Post, GatewayAdmin.ConnectionPath(id) + "/rotate", body, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(DashboardPaths.Providers + "?gateway=" + Uri.EscapeDataString(target.NodeId), "provider-rotated")
            : Form(context, RotationModel(target, provider, outcome.Problem), StatusCodes.Status400BadRequest);
    }

    internal static async Task<IResult> TestAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (ns, target) = Target(context, admin, form["gateway"]);
        if (target is null)
        {
            return await ListPageAsync(context, admin, form["gateway"], NotConnected, null);
        }
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Post, GatewayAdmin.ConnectionPath(id) + "/test", new JsonObject(), context.RequestAborted);
        if (!outcome.Ok)
        {
            return await ListPageAsync(context, admin, target.NodeId, outcome.Problem, null);
        }
        var status = outcome.Body is { } b ? GatewayJson.Text(b, "status") : null;
        var http = outcome.Body is { } h && h.TryGetProperty("http_status", out var s) && s.ValueKind == JsonValueKind.Number ? " (HTTP " + s.GetInt32() + ")" : string.Empty;
        var error = outcome.Body is { } e ? GatewayJson.Text(e, "error") : null;
        return await ListPageAsync(context, admin, target.NodeId, null, $"Test of {id}: {status ?? "unknown"}{http}{(error is null ? "." : ": " + error)}");
    }

    internal static async Task<IResult> DeleteAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (ns, target) = Target(context, admin, form["gateway"]);
        if (target is null)
        {
            return await ListPageAsync(context, admin, form["gateway"], NotConnected, null);
        }
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Delete, GatewayAdmin.ConnectionPath(id), null, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(DashboardPaths.Providers + "?gateway=" + Uri.EscapeDataString(target.NodeId), "provider-deleted")
            : await ListPageAsync(context, admin, target.NodeId, outcome.Problem, null);
    }

    private const string NotConnected =
        "No gateway of this namespace holds a relay stream to this control plane right now. Start one with `sigilum up`, or pair one under Gateways & vaults.";

    /// <summary>The signed-in namespace and the chosen gateway among its connected ones (the first when none is chosen).</summary>
    private static (string Namespace, RelayedGateway? Gateway) Target(HttpContext context, GatewayAdmin admin, string? nodeId)
    {
        var ns = context.Owner().Namespace;
        return (ns, admin.Target(ns, nodeId));
    }

    private static async Task<IResult> ListPageAsync(HttpContext context, GatewayAdmin admin, string? gateway, string? problem, string? result)
    {
        var (ns, target) = Target(context, admin, gateway);
        var connected = admin.Connected(ns);
        if (target is null)
        {
            return Page(context, new ProvidersModel(connected, null, [], [], problem ?? (connected.Count > 0 || !string.IsNullOrEmpty(gateway) ? NotConnected : null), result));
        }
        var listed = await admin.SendAsync(ns, target.NodeId, HttpMethod.Get, "/api/admin/connections", null, context.RequestAborted);
        var providers = GatewayJson.Items(listed, "connections", ProviderView.From);
        var templates = await TemplatesAsync(context, admin, ns, target);
        return Page(context, new ProvidersModel(connected, target, providers, templates, problem ?? listed.Problem, result));
    }

    private static async Task<IReadOnlyList<ProviderTemplate>> TemplatesAsync(HttpContext context, GatewayAdmin admin, string ns, RelayedGateway target)
    {
        var catalog = await admin.SendAsync(ns, target.NodeId, HttpMethod.Get, "/api/admin/service-catalog", null, context.RequestAborted);
        return GatewayJson.Items(catalog, "services", ProviderTemplate.From);
    }

    internal static async Task<ProviderView?> GetAsync(HttpContext context, GatewayAdmin admin, string ns, RelayedGateway target, string id)
    {
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Get, GatewayAdmin.ConnectionPath(id), null, context.RequestAborted);
        return outcome.Ok && outcome.Body is { } body ? ProviderView.From(body.TryGetProperty("connection", out var c) ? c : body) : null;
    }

    private static ProviderFormModel RotationModel(RelayedGateway target, ProviderView provider, string? problem)
    {
        var keys = provider.CredentialKeys.Count > 0 ? provider.CredentialKeys : ["api_key"];
        var template = ProviderTemplate.Custom with
        {
            Key = "rotate", Label = provider.Name, Description = null, ConnectionId = provider.Id,
            Fields = [.. keys.Select(k => new ProviderCredentialField(k, k, null, null, Required: true))],
        };
        return new ProviderFormModel(target, template, provider, new Dictionary<string, string>(), problem);
    }

    private static Dictionary<string, string> Defaults(ProviderTemplate t) => new(StringComparer.Ordinal)
    {
        ["id"] = t.ConnectionId, ["name"] = t.Key == "custom" ? string.Empty : t.Label, ["base_url"] = t.BaseUrl, ["auth_mode"] = t.AuthMode,
        ["auth_header_name"] = t.AuthHeaderName, ["auth_prefix"] = t.AuthPrefix, ["auth_secret_key"] = t.AuthSecretKey,
        ["protocol"] = t.Protocol, ["mcp_endpoint"] = t.McpEndpoint, ["mcp_transport"] = t.McpTransport,
    };

    private static IResult Page(HttpContext context, ProvidersModel model) => DashboardPages.Render<ProvidersPage>(context, "Providers", model);

    private static IResult Form(HttpContext context, ProviderFormModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<ProviderFormPage>(context, model.Rotating is null ? "Add a provider" : "Rotate " + model.Rotating.Name, model, status);
}
