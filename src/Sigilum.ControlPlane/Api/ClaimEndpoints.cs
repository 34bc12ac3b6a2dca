using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.ControlPlane.Claims;
using Sigilum.Core.Claims;
using Sigilum.Core.Nonces;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;

namespace Sigilum.ControlPlane.Api;

/// <summary>
/// Filing claims (signed by the agent, or by a gateway of the namespace with
/// <c>X-Sigilum-Claim-Binding: namespace-only</c>, plus a service key) and the owner's decisions.
/// </summary>
internal static class ClaimEndpoints
{
    public const string BindingHeader = "X-Sigilum-Claim-Binding";

    public sealed record SubmitRequest(string? Namespace, string? PublicKey, string? Service, string? AgentIp, string? Nonce, string? Subject, string? AgentId, string? AgentName);

    public sealed record ApproveRequest(long? ExpiresInSeconds, DateTimeOffset? ExpiresAt, IReadOnlyList<string>? AllowedSubjects);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/claims", SubmitAsync).RequireSigilumSignature().RequireServiceKey();
        app.MapGet("/v1/namespaces/{ns}/claims", ListAsync).RequireOwner();
        app.MapGet("/v1/claims/{id}", async (HttpContext context, string id, ISigilumStore store) =>
            await store.Claims.GetAsync(id, context.RequestAborted) is { } claim && claim.Namespace == context.GetOwner().Namespace
                ? Results.Ok(ClaimView.From(claim)) : ApiResults.NotFound(context, "Claim")).RequireOwner();
        app.MapPost("/v1/claims/{id}/approve", ApproveAsync).RequireOwner();
        app.MapPost("/v1/claims/{id}/reject", (HttpContext context, string id, ClaimService claims) =>
            DecisionResult(context, claims.RejectAsync(context.GetOwner().Namespace, id, context.RequestAborted))).RequireOwner();
        app.MapPost("/v1/claims/{id}/revoke", (HttpContext context, string id, ClaimService claims) =>
            DecisionResult(context, claims.RevokeAsync(context.GetOwner().Namespace, id, context.RequestAborted))).RequireOwner();
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, ISigilumStore store, ClaimService claims, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<SubmitRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var caller = context.GetSignedCaller();
        var serviceKey = context.GetServiceKey();
        if (body is null || !SigilumNamespace.IsValid(body.Namespace) || !AgentKeys.TryParse(body.PublicKey, out _) ||
            string.IsNullOrEmpty(body.Service) || body.Nonce is not { Length: >= 8 and <= 256 })
        {
            return ApiResults.Validation(context, "namespace (3-64), public_key (ed25519:<base64>), service and nonce (8-256 characters) are required.");
        }
        // Binding rules (spec §4.2): the signer speaks for its namespace; unless it is a gateway filing on
        // an agent's behalf (namespace-only), it must also be the key being claimed.
        if (caller.Namespace != body.Namespace)
        {
            return ApiResults.Error(context, ApiErrors.SignatureNamespaceMismatch);
        }
        var namespaceOnly = string.Equals(context.Request.Headers[BindingHeader], "namespace-only", StringComparison.Ordinal);
        if (!namespaceOnly && caller.PublicKey != body.PublicKey)
        {
            return ApiResults.Error(context, ApiErrors.SignatureKeyMismatch);
        }
        if (namespaceOnly && await store.Nodes.FindByKeyAsync(caller.Namespace, caller.PublicKey, context.RequestAborted) is null)
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "Only a gateway registered to the namespace may file claims for other keys.");
        }
        if (serviceKey.Slug != body.Service || serviceKey.Namespace != body.Namespace)
        {
            return ApiResults.Error(context, ApiErrors.Forbidden, "The service key is for another service.");
        }
        var now = time.GetUtcNow();
        var nonce = await store.Nonces.TryRecordAsync("claim:" + serviceKey.ServiceId, body.Nonce, now.AddHours(24), now, context.RequestAborted);
        if (nonce != NonceRecordResult.Recorded)
        {
            return ApiResults.Error(context, nonce == NonceRecordResult.Replayed ? ApiError.Of(ErrorCatalogue.NonceReplay) : ApiErrors.NonceStoreUnavailable);
        }
        if (await store.Namespaces.GetAsync(body.Namespace, context.RequestAborted) is null)
        {
            return ApiResults.NotFound(context, "Namespace");
        }
        var subject = InputRules.Text(body.Subject, 256) ?? (namespaceOnly ? InputRules.Text(body.AgentName, 256) : null);
        var (claim, created) = await claims.SubmitAsync(new ClaimRecord
        {
            Id = string.Empty, Namespace = body.Namespace, Service = body.Service, PublicKey = body.PublicKey!,
            AgentId = InputRules.Text(body.AgentId, 256), AgentName = InputRules.Text(body.AgentName, 256), Subject = subject,
            AgentIp = InputRules.Text(body.AgentIp, 64), Status = ClaimStatus.Pending, CreatedAt = now, UpdatedAt = now,
        }, context.RequestAborted);
        if (AgentKeys.TryParse(claim.PublicKey, out var raw))
        {
            await store.Agents.TouchAsync(claim.Namespace, claim.PublicKey, AgentKeys.KeyId(SigilumNamespace.ToDid(claim.Namespace), raw), claim.AgentName, now, context.RequestAborted);
        }
        var response = new { claim_id = claim.Id, status = ClaimView.StatusText(claim.Status), service = claim.Service, message = created ? "Access request submitted; the namespace owner decides." : "An access request for this key and service already exists." };
        return created ? Results.Json(response, statusCode: StatusCodes.Status201Created) : Results.Ok(response);
    }

    private static async Task<IResult> ListAsync(HttpContext context, string ns, ISigilumStore store, string? status, string? service, int? limit, int? offset)
    {
        if (ServiceEndpoints.OwnsNamespace(context, ns) is { } denied)
        {
            return denied;
        }
        ClaimStatus? filter = null;
        if (status is not null)
        {
            if (!Enum.TryParse<ClaimStatus>(status, ignoreCase: true, out var parsed) || int.TryParse(status, out _))
            {
                return ApiResults.Validation(context, "status must be pending, approved, rejected, revoked or expired.");
            }
            filter = parsed;
        }
        var page = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = filter, Service = service, Limit = Math.Clamp(limit ?? 50, 1, 200), Offset = Math.Max(offset ?? 0, 0) }, context.RequestAborted);
        return Results.Ok(new { claims = page.Items.Select(ClaimView.From), pagination = new { limit = page.Limit, offset = page.Offset, total = page.Total, has_more = page.HasMore } });
    }

    private static async Task<IResult> ApproveAsync(HttpContext context, string id, ClaimService claims, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<ApproveRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var (scope, error) = ApprovalScopeRules.Create(body?.ExpiresInSeconds, body?.ExpiresAt, body?.AllowedSubjects, time.GetUtcNow());
        if (scope is null)
        {
            return ApiResults.Validation(context, error == ApprovalScopeError.LifetimeOutOfRange
                ? "expires_in_seconds must be between 1 and ten years." : "expires_at must be in the future.");
        }
        return await DecisionResult(context, claims.ApproveAsync(context.GetOwner().Namespace, id, scope, ClaimApprover.OwnerToken(context.GetOwner().OwnerId), context.RequestAborted));
    }

    private static async Task<IResult> DecisionResult(HttpContext context, Task<ClaimOutcome> decision)
    {
        var outcome = await decision;
        return outcome.Error switch
        {
            ClaimOutcomeError.None when outcome.Propagation is { } propagation => Results.Json(WithPropagation(context, ClaimView.From(outcome.Claim!), propagation)),
            ClaimOutcomeError.None => Results.Ok(ClaimView.From(outcome.Claim!)),
            ClaimOutcomeError.NotFound => ApiResults.NotFound(context, "Claim"),
            _ => ApiResults.Error(context, ApiError.Of(ErrorCatalogue.ClaimStateConflict), "The claim is not in a state that allows this decision."),
        };
    }

    /// <summary>A revocation answers with the claim as every decision does, plus how far it got (ADR 0027).</summary>
    private static JsonObject WithPropagation(HttpContext context, ClaimView claim, RevocationPropagation propagation)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var body = JsonSerializer.SerializeToNode(claim, options)!.AsObject();
        body["propagation"] = JsonSerializer.SerializeToNode(PropagationView.From(propagation), options);
        return body;
    }
}
