using System.Net;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Claims;
using Sigilum.Core.Ids;
using Sigilum.Core.Namespaces;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Namespace registration and lookup. A namespace is claimed by a signed request from the key that will
/// own it (proof of possession); who may register at all is <see cref="ControlPlaneOptions.Registration"/>.
/// </summary>
internal static class NamespaceEndpoints
{
    public sealed record RegisterRequest(string? Email);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/namespaces", RegisterAsync).RequireSigilumSignature();
        app.MapGet("/v1/namespaces/{ns}", ShowAsync).RequireSigilumSignature();
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, ISigilumStore store, TimeProvider time, IOptions<ControlPlaneOptions> options)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<RegisterRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var caller = context.GetSignedCaller();
        var policy = options.Value.Registration;
        var remote = context.Connection.RemoteIpAddress;
        if (policy == RegistrationPolicy.Closed || (policy == RegistrationPolicy.Loopback && (remote is null || !IPAddress.IsLoopback(remote))))
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "Namespace registration is not open on this control plane.");
        }
        var now = time.GetUtcNow();
        var owner = new OwnerRecord { Id = IdGenerator.New("own_"), Namespace = caller.Namespace, Email = body?.Email, PublicKey = caller.PublicKey, CreatedAt = now };
        var ns = new NamespaceRecord { Name = caller.Namespace, OwnerId = owner.Id, CreatedAt = now };
        if (!await store.Namespaces.CreateAsync(ns, owner, context.RequestAborted))
        {
            return ApiResults.Error(context, ApiError.Of(ErrorCatalogue.NamespaceAlreadyRegistered), $"Namespace {caller.Namespace} is already registered.");
        }
        return Results.Json(new { @namespace = ns.Name, did = ns.Did, owner_id = owner.Id, created_at = now }, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, string ns, ISigilumStore store)
    {
        var caller = context.GetSignedCaller();
        if (caller.Namespace != ns)
        {
            return ApiResults.Error(context, ApiErrors.SignatureNamespaceMismatch, "A namespace can only be read by its own signers.");
        }
        var record = await store.Namespaces.GetAsync(ns, context.RequestAborted);
        if (record is null)
        {
            return ApiResults.NotFound(context, "Namespace");
        }
        var active = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Approved, Limit = 1 }, context.RequestAborted);
        context.Response.Headers.CacheControl = "private, max-age=60";
        return Results.Ok(new { did = record.Did, @namespace = record.Name, owner = record.OwnerId, created_at = record.CreatedAt, active = true, active_claims = active.Total });
    }
}
