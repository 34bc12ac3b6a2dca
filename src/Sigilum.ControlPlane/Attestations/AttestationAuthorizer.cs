using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Authentication;
using Sigilum.ControlPlane.Claims;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Claims;
using Sigilum.Core.Services;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// Decides a <c>/v1/authorize</c> request: intent host → service of the signer's namespace → this key's
/// claim on it. Approved (and in scope) → a signed attestation; pending or absent → a hold (a pending
/// claim the owner sees); rejected, revoked, expired or out of scope → DENIED with a stable code.
/// </summary>
internal sealed partial class AttestationAuthorizer(
    ISigilumStore store, ClaimService claims, AttestationKeyRing keys, TimeProvider time,
    IOptions<ControlPlaneOptions> options, ILogger<AttestationAuthorizer> logger)
{
    /// <summary>Explicit typing as the live Sign emits it (<c>{"alg":"EdDSA","typ":"JWT"}</c>); Sigil verifiers do not check typ.</summary>
    public const string TokenType = "JWT";

    private readonly AttestationOptions _options = options.Value.Attestations;

    public async Task<AuthorizeDecision> DecideAsync(SignedCaller caller, AuthorizeRequest request, string? agentIp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var decision = await DecideCoreAsync(caller, request, agentIp, cancellationToken);
        LogDecision(logger, caller.Namespace, decision.Service ?? "-", decision.Status, decision.ErrorCode ?? "-");
        return decision;
    }

    private async Task<AuthorizeDecision> DecideCoreAsync(SignedCaller caller, AuthorizeRequest request, string? agentIp, CancellationToken cancellationToken)
    {
        var url = new Uri(request.Intent.Url);
        var matches = ServiceHostMatcher.Match(await store.Services.ListAsync(caller.Namespace, cancellationToken), url);
        if (matches.Count == 0)
        {
            return AuthorizeDecision.Deny(ErrorCatalogue.SigilNoServiceForHost,
                $"No service of namespace {caller.Namespace} lists the host {url.Authority}; the owner adds it to a service's upstream_hosts.");
        }

        // An approval on any equally specific candidate wins; otherwise the candidate must be unique.
        var now = time.GetUtcNow();
        var found = new List<(ServiceRecord Service, ClaimRecord? Claim)>();
        foreach (var service in matches)
        {
            found.Add((service, await store.Claims.FindAsync(caller.Namespace, service.Slug, caller.PublicKey, cancellationToken)));
        }
        if (found.FirstOrDefault(f => f.Claim?.Authorizes(now, caller.Subject) == true) is { Claim: { } approved } winner)
        {
            return await ApproveAsync(caller, request, winner.Service.Slug, approved, now, cancellationToken);
        }
        if (found.Count > 1)
        {
            return AuthorizeDecision.Deny(ErrorCatalogue.SigilServiceAmbiguous,
                $"Services {string.Join(", ", matches.Select(s => s.Slug))} all list {url.Authority}; the owner keeps one per host or approves this key for one.");
        }

        var (only, claim) = found[0];
        return claim?.Status switch
        {
            ClaimStatus.Pending => AuthorizeDecision.Held(claim.Id, only.Slug),
            ClaimStatus.Approved when claim.ExpiresAt <= now => AuthorizeDecision.Deny(ErrorCatalogue.SigilApprovalExpired,
                "The approval for this key has expired; the owner revokes it and the agent asks again.", only.Slug),
            ClaimStatus.Approved => AuthorizeDecision.Deny(ErrorCatalogue.SigilSubjectNotAllowed,
                "The approval for this key does not cover the signing subject.", only.Slug),
            ClaimStatus.Rejected => AuthorizeDecision.Deny(ErrorCatalogue.SigilClaimRejected, "The owner rejected this key's access to the service.", only.Slug),
            ClaimStatus.Revoked => AuthorizeDecision.Deny(ErrorCatalogue.SigilClaimRevoked, "The owner revoked this key's access to the service.", only.Slug),
            _ => await FileHoldAsync(caller, request, only, agentIp, now, cancellationToken), // none yet, or a pending claim that lapsed
        };
    }

    private async Task<AuthorizeDecision> ApproveAsync(SignedCaller caller, AuthorizeRequest request, string service, ClaimRecord claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Never attest beyond the approval itself.
        var seconds = _options.LifetimeSeconds;
        if (claim.ExpiresAt is { } end)
        {
            seconds = (int)Math.Clamp(Math.Floor((end - now).TotalSeconds), 1, seconds);
        }
        var extra = new JsonObject();
        if ((request.AgentId ?? caller.AgentId) is { } agentId)
        {
            extra["agentId"] = agentId;
        }
        if (request.Framework is not null)
        {
            extra["framework"] = request.Framework;
        }
        var policyHash = ClaimPolicy.Hash(claim);
        var draft = new AttestationDraft
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            Subject = caller.KeyId,
            IntentHash = request.Intent.Commitment.IntentHash,
            PolicyHash = policyHash,
            Lifetime = TimeSpan.FromSeconds(seconds),
            ExtraClaims = extra,
        };
        var token = await keys.SignAsync((kid, key) => AttestationIssuer.Issue(draft, key, kid, time, TokenType), cancellationToken);
        return AuthorizeDecision.Approve(token, policyHash, service);
    }

    private async Task<AuthorizeDecision> FileHoldAsync(SignedCaller caller, AuthorizeRequest request, ServiceRecord service, string? agentIp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await store.Claims.ListAsync(new ClaimQuery { Namespace = caller.Namespace, Status = ClaimStatus.Pending, Limit = 1 }, cancellationToken);
        if (pending.Total >= _options.MaxPendingHoldsPerNamespace)
        {
            return AuthorizeDecision.Deny(ErrorCatalogue.SigilHoldLimit, "The namespace has too many pending requests; the owner decides some first.", service.Slug);
        }
        var agentId = request.AgentId ?? caller.AgentId;
        var (claim, _) = await claims.SubmitAsync(new ClaimRecord
        {
            Id = string.Empty, Namespace = caller.Namespace, Service = service.Slug, PublicKey = caller.PublicKey,
            AgentId = agentId, AgentName = agentId, Subject = caller.Subject, AgentIp = agentIp,
            Status = ClaimStatus.Pending, CreatedAt = now, UpdatedAt = now,
        }, cancellationToken);
        await store.Agents.TouchAsync(caller.Namespace, caller.PublicKey, caller.KeyId, agentId, now, cancellationToken);
        return AuthorizeDecision.Held(claim.Id, service.Slug);
    }

    // Event ids 1400-1409 belong to attestations; next free: 1402 (1401 is AttestationKeyRing).
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Authorize in {Namespace} for service {Service}: {Status} {ErrorCode}")]
    private static partial void LogDecision(ILogger logger, string @namespace, string service, string status, string errorCode);
}
