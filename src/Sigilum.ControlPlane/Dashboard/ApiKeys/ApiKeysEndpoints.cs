using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.Core.Services;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.ApiKeys;

/// <summary>
/// Services and their API keys: add a service, create a key (its raw value is rendered once, in the response to the
/// post, never put in a URL), revoke a key. The rules are the owner API's (<see cref="ServiceCommands"/>).
/// </summary>
internal static class ApiKeysEndpoints
{
    private const string Title = "API keys";

    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store) =>
        Page(context, await ModelAsync(context, store, new ServiceForm()));

    internal static async Task<IResult> CreateServiceAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var ns = context.Owner().Namespace;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var typed = new ServiceForm(form["slug"].ToString(), form["name"].ToString(), form["hosts"].ToString());
        var hosts = typed.Hosts.Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var creation = await ServiceCommands.CreateServiceAsync(store, time, ns, typed.Slug, typed.Name, null, hosts, context.RequestAborted);
        return creation.Service is null
            ? Page(context, await ModelAsync(context, store, typed, creation.Problem), StatusCodes.Status400BadRequest)
            : DashboardPages.Done(DashboardPaths.ApiKeys, "service-created");
    }

    internal static async Task<IResult> CreateKeyAsync(HttpContext context, string serviceId, ISigilumStore store, TimeProvider time)
    {
        var service = await FindServiceAsync(context, store, serviceId);
        if (service is null)
        {
            return DashboardPages.NotFound(context);
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (key, raw) = await ServiceCommands.CreateKeyAsync(store, time, service, form["name"].ToString(), context.RequestAborted);
        // Rendered straight from the post (no redirect): the key never appears in a URL, history entry or log line.
        return DashboardPages.Render<ApiKeyCreatedPage>(context, "API key created", new ApiKeyCreatedModel(service.Slug, service.Name, key.Name, raw));
    }

    internal static async Task<IResult> RevokeKeyAsync(HttpContext context, string serviceId, string keyId, ISigilumStore store, TimeProvider time)
    {
        var service = await FindServiceAsync(context, store, serviceId);
        if (service is null)
        {
            return DashboardPages.NotFound(context);
        }
        var keys = await store.Services.ListKeysAsync(service.Id, context.RequestAborted);
        if (!keys.Any(k => k.Id == keyId))
        {
            return DashboardPages.NotFound(context);
        }
        // False when it was already revoked (e.g. in another tab): the outcome the owner wanted either way.
        await store.Services.RevokeKeyAsync(service.Id, keyId, time.GetUtcNow(), context.RequestAborted);
        return DashboardPages.Done(DashboardPaths.ApiKeys, "key-revoked");
    }

    /// <summary>The service when it exists in the signed-in namespace; another namespace's id is simply not found.</summary>
    internal static async Task<ServiceRecord?> FindServiceAsync(HttpContext context, ISigilumStore store, string serviceId)
    {
        var ns = context.Owner().Namespace;
        var service = await store.Services.GetByIdAsync(serviceId, context.RequestAborted);
        return service is not null && service.Namespace == ns ? service : null;
    }

    private static async Task<ApiKeysModel> ModelAsync(HttpContext context, ISigilumStore store, ServiceForm form, string? problem = null)
    {
        var ns = context.Owner().Namespace;
        var services = await store.Services.ListAsync(ns, context.RequestAborted);
        var rows = new List<ServiceKeys>(services.Count);
        foreach (var service in services.OrderBy(s => s.Slug, StringComparer.Ordinal))
        {
            var keys = await store.Services.ListKeysAsync(service.Id, context.RequestAborted);
            rows.Add(new ServiceKeys(service, keys.OrderByDescending(k => k.CreatedAt).Select(ApiKeyView.From).ToList()));
        }
        return new ApiKeysModel(rows, form, problem);
    }

    private static IResult Page(HttpContext context, ApiKeysModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<ApiKeysPage>(context, Title, model, status);
}
