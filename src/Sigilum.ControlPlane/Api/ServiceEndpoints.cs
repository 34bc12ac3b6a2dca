using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.Core.Services;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Api;

/// <summary>Services of a namespace and their API keys (owner only). Keys are shown once and stored as SHA-256.</summary>
internal static class ServiceEndpoints
{
    public sealed record CreateServiceRequest(string? Slug, string? Name, string? Description, IReadOnlyList<string>? UpstreamHosts);

    public sealed record UpdateServiceRequest(string? Name, string? Description, IReadOnlyList<string>? UpstreamHosts);

    public sealed record CreateKeyRequest(string? Name);

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/namespaces/{ns}/services").RequireOwner();
        group.MapPost("/", CreateAsync);
        group.MapGet("/", async (HttpContext context, string ns, ISigilumStore store) =>
            OwnsNamespace(context, ns) ?? Results.Ok(new { services = (await store.Services.ListAsync(ns, context.RequestAborted)).Select(ServiceView.From) }));
        group.MapGet("/{slug}", async (HttpContext context, string ns, string slug, ISigilumStore store) =>
            OwnsNamespace(context, ns) ?? (await store.Services.GetAsync(ns, slug, context.RequestAborted) is { } s ? Results.Ok(ServiceView.From(s)) : ApiResults.NotFound(context, "Service")));
        group.MapPatch("/{slug}", UpdateAsync);
        group.MapDelete("/{slug}", async (HttpContext context, string ns, string slug, ISigilumStore store) =>
        {
            if (OwnsNamespace(context, ns) is { } denied)
            {
                return denied;
            }
            var service = await store.Services.GetAsync(ns, slug, context.RequestAborted);
            return service is not null && await store.Services.DeleteAsync(service.Id, context.RequestAborted) ? Results.NoContent() : ApiResults.NotFound(context, "Service");
        });
        group.MapPost("/{slug}/keys", CreateKeyAsync);
        group.MapGet("/{slug}/keys", async (HttpContext context, string ns, string slug, ISigilumStore store) =>
        {
            var (service, denied) = await FindOwnedServiceAsync(context, ns, slug, store);
            return service is null ? denied! : Results.Ok(new { keys = (await store.Services.ListKeysAsync(service.Id, context.RequestAborted)).Select(ApiKeyView.From) });
        });
        group.MapDelete("/{slug}/keys/{keyId}", async (HttpContext context, string ns, string slug, string keyId, ISigilumStore store, TimeProvider time) =>
        {
            if (OwnsNamespace(context, ns) is { } denied)
            {
                return denied;
            }
            var service = await store.Services.GetAsync(ns, slug, context.RequestAborted);
            return service is not null && await store.Services.RevokeKeyAsync(service.Id, keyId, time.GetUtcNow(), context.RequestAborted)
                ? Results.NoContent() : ApiResults.NotFound(context, "Key");
        });
    }

    /// <summary>Null when the owner token is for <paramref name="ns"/>; otherwise a 404 (other namespaces are invisible).</summary>
    internal static IResult? OwnsNamespace(HttpContext context, string ns) =>
        context.GetOwner().Namespace == ns ? null : ApiResults.NotFound(context, "Namespace");

    /// <summary>The service <paramref name="slug"/> of the owner's namespace <paramref name="ns"/>, or the 404 to answer.</summary>
    internal static async Task<(ServiceRecord? Service, IResult? Denied)> FindOwnedServiceAsync(HttpContext context, string ns, string slug, ISigilumStore store)
    {
        if (OwnsNamespace(context, ns) is { } denied)
        {
            return (null, denied);
        }
        var service = await store.Services.GetAsync(ns, slug, context.RequestAborted);
        return service is null ? (null, ApiResults.NotFound(context, "Service")) : (service, null);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string ns, ISigilumStore store, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<CreateServiceRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        if (OwnsNamespace(context, ns) is { } denied)
        {
            return denied;
        }
        var creation = await ServiceCommands.CreateServiceAsync(store, time, ns, body?.Slug, body?.Name, body?.Description, body?.UpstreamHosts, context.RequestAborted);
        if (creation.Service is not { } service)
        {
            return creation.IsSlugTaken
                ? ApiResults.Error(context, ApiError.Of(ErrorCatalogue.ServiceSlugTaken), creation.Problem)
                : ApiResults.Validation(context, creation.Problem!);
        }
        return Results.Json(ServiceView.From(service), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string ns, string slug, ISigilumStore store, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<UpdateServiceRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var (service, denied) = await FindOwnedServiceAsync(context, ns, slug, store);
        if (service is null)
        {
            return denied!;
        }
        var hosts = service.UpstreamHosts;
        if (body?.UpstreamHosts is not null && !InputRules.TryHosts(body.UpstreamHosts, out hosts, out var hostError))
        {
            return ApiResults.Validation(context, hostError);
        }
        var updated = service with
        {
            Name = InputRules.Text(body?.Name, 128) ?? service.Name,
            Description = body?.Description is null ? service.Description : InputRules.Text(body.Description, 1024),
            UpstreamHosts = hosts,
            UpdatedAt = time.GetUtcNow(),
        };
        await store.Services.UpdateAsync(updated, context.RequestAborted);
        return Results.Ok(ServiceView.From(updated));
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, string ns, string slug, ISigilumStore store, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<CreateKeyRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var (service, denied) = await FindOwnedServiceAsync(context, ns, slug, store);
        if (service is null)
        {
            return denied!;
        }
        var (key, raw) = await ServiceCommands.CreateKeyAsync(store, time, service, body?.Name, context.RequestAborted);
        return Results.Json(new { id = key.Id, name = key.Name, key = raw, key_prefix = "…" + key.Last4, message = "Store this key now; it is not shown again." }, statusCode: StatusCodes.Status201Created);
    }
}
