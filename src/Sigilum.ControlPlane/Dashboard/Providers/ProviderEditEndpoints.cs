using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Dashboard.Rendering;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// Editing a provider's settings that are not secret (name, upstream, how the secret is sent, enabled or disabled,
/// rotation reminder, how long an unapproved agent's request is held while the owner decides) with the gateway admin API's <c>PATCH</c>, through the relay. Secrets change only by rotation.
/// </summary>
internal static class ProviderEditEndpoints
{
    private static readonly string[] Fields = ["name", "base_url", "auth_mode", "auth_header_name", "auth_prefix", "status", "rotation_interval_days", "hold_seconds"];


    internal static async Task<IResult> ShowAsync(HttpContext context, GatewayAdmin admin, string id, string? gateway)
    {
        var ns = context.Owner().Namespace;
        var target = admin.Connected(ns).FirstOrDefault(g => g.NodeId == gateway);
        var provider = target is null ? null : await ProvidersEndpoints.GetAsync(context, admin, ns, target, id);
        return target is null || provider is null
            ? DashboardPages.NotFound(context)
            : Page(context, new ProviderEditModel(target, provider, Values(provider), null));
    }

    internal static async Task<IResult> SaveAsync(HttpContext context, GatewayAdmin admin, string id)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var ns = context.Owner().Namespace;
        var target = admin.Connected(ns).FirstOrDefault(g => g.NodeId == form["gateway"]);
        var provider = target is null ? null : await ProvidersEndpoints.GetAsync(context, admin, ns, target, id);
        if (target is null || provider is null)
        {
            return DashboardPages.NotFound(context);
        }
        var values = Fields.ToDictionary(f => f, f => f == "auth_prefix" ? form[f].ToString() : form[f].ToString().Trim(), StringComparer.Ordinal);
        var body = new JsonObject();
        foreach (var (name, value) in values.Where(v => v.Key is not ("rotation_interval_days" or "hold_seconds")))
        {
            body[name] = value;
        }
        if (values["rotation_interval_days"] is { Length: > 0 } days)
        {
            if (!int.TryParse(days, NumberStyles.None, CultureInfo.InvariantCulture, out var interval) || interval > 3650)
            {
                return Page(context, new ProviderEditModel(target, provider, values, "The rotation reminder must be a whole number of days (0–3650)."), StatusCodes.Status400BadRequest);
            }
            body["rotation_interval_days"] = interval;
        }
        if (!HoldSecondsField.TryRead(values[HoldSecondsField.Name], out var hold))
        {
            return Page(context, new ProviderEditModel(target, provider, values, HoldSecondsField.Problem), StatusCodes.Status400BadRequest);
        }
        if (hold is { } seconds)
        {
            body[HoldSecondsField.Name] = seconds;
        }
        var outcome = await admin.SendAsync(ns, target.NodeId, HttpMethod.Patch, GatewayAdmin.ConnectionPath(id), body, context.RequestAborted);
        return outcome.Ok
            ? DashboardPages.Done(DashboardPaths.Providers + "?gateway=" + Uri.EscapeDataString(target.NodeId), "provider-updated")
            : Page(context, new ProviderEditModel(target, provider, values, outcome.Problem), StatusCodes.Status400BadRequest);
    }

    private static Dictionary<string, string> Values(ProviderView p) => new(StringComparer.Ordinal)
    {
        ["name"] = p.Name, ["base_url"] = p.BaseUrl, ["auth_mode"] = p.AuthMode, ["auth_header_name"] = p.AuthHeaderName,
        ["auth_prefix"] = p.AuthPrefix, ["status"] = p.Status,
        ["rotation_interval_days"] = p.RotationIntervalDays?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        ["hold_seconds"] = p.HoldSeconds.ToString(CultureInfo.InvariantCulture),
    };

    private static IResult Page(HttpContext context, ProviderEditModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<ProviderEditPage>(context, "Edit " + model.Provider.Name, model, status);
}
