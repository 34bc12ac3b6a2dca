using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Authentication;
using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.Proxy;

/// <summary>
/// Steps 4b–4g of the proxy flow (spec §3.4, DESIGN §2), in order, each with its own code: duplicate
/// Sigilum headers → RFC 9421 verification of exactly what was received → signed components →
/// identity → nonce (scoped by namespace; in memory behind a start epoch or in the shared store, ADR 0026;
/// recorded only for authentic requests and kept even when the claim check then denies) → approval from the pushed cache (stale = unavailable, never trusted).
/// </summary>
internal sealed class ProxyAuthorizer(IReplayGuard replay, IApprovalSource approvals, TimeProvider time, GatewayOptions options)
{
    private const string NonceScopePrefix = "gw:";

    // Constant for the gateway's life: built once, not per request (issue #13).
    private readonly VerifyOptions _verifyOptions = new()
    {
        Time = time,
        MaxAge = TimeSpan.FromSeconds(options.TimestampToleranceSeconds),
        FutureSkew = TimeSpan.FromSeconds(options.FutureSkewSeconds),
        AllowAgentIdComponent = true,
    };

    // The last namespace's nonce scope: a gateway serves one namespace (or a few), so the scope string is built once
    // rather than concatenated per request.
    private NonceScope? _lastScope;

    public async Task<AuthorizationOutcome> AuthorizeAsync(HttpContext context, string connectionId, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = RequestVerifier.Verify(
            new VerifyRequest
            {
                Method = context.Request.Method,
                TargetUri = SignedRequestAuthenticator.TargetUri(context),
                Headers = SignedRequestAuthenticator.ReceivedHeaders(context),
                Body = body,
            },
            _verifyOptions);
        if (!result.IsValid)
        {
            return MapVerificationFailure(result);
        }
        if (string.IsNullOrEmpty(result.Namespace) || string.IsNullOrEmpty(result.Subject) || string.IsNullOrEmpty(result.PublicKey) || string.IsNullOrEmpty(result.KeyId))
        {
            return AuthorizationOutcome.Deny("identity_extraction", Error(ErrorCatalogue.AuthIdentityInvalid, "The signed request does not name a namespace, subject and agent key."));
        }
        if (string.IsNullOrEmpty(result.Nonce))
        {
            return AuthorizationOutcome.Deny("nonce_validation", Error(ErrorCatalogue.AuthNonceInvalid, "The signature carries no nonce."));
        }

        var caller = new AgentCaller(result.Namespace, result.Subject, result.PublicKey, result.KeyId, result.AgentId, result.Nonce);
        var replayed = await RecordNonceAsync(caller, DateTimeOffset.FromUnixTimeSeconds(result.Created), context.RequestAborted);
        if (replayed is not null)
        {
            return replayed;
        }

        return approvals.Decide(caller.Namespace, caller.PublicKey, connectionId, caller.Subject, time.GetUtcNow()) switch
        {
            ApprovalDecision.Approved => new AuthorizationOutcome(caller, null, AuthorizationOutcome.ApprovedStage),
            ApprovalDecision.NotApproved => new AuthorizationOutcome(caller, null, AuthorizationOutcome.NotApprovedStage),
            _ => AuthorizationOutcome.Deny("claims_cache", Error(ErrorCatalogue.AuthClaimsUnavailable,
                "The gateway cannot confirm current approvals from the control plane, so it refuses rather than trust old ones. Try again shortly.")),
        };
    }

    /// <summary>
    /// The approval again, at the release point (just before the backend fetch; reliability CTL-01, DESIGN threat row 30):
    /// a revocation applied since <see cref="AuthorizeAsync"/> decided, and so possibly already confirmed to the owner
    /// (ADR 0027), stops the request here. Null while still approved. One lock-free lookup in the published set.
    /// </summary>
    public GatewayError? RecheckAtRelease(AgentCaller caller, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return approvals.Decide(caller.Namespace, caller.PublicKey, connectionId, caller.Subject, time.GetUtcNow()) switch
        {
            ApprovalDecision.Approved => null,
            ApprovalDecision.NotApproved => Error(ErrorCatalogue.AuthClaimRequired, "The approval for this agent and service was revoked while the request was in flight; nothing was sent upstream."),
            _ => Error(ErrorCatalogue.AuthClaimsUnavailable,
                "The gateway cannot confirm current approvals from the control plane, so it refuses rather than trust old ones. Try again shortly."),
        };
    }

    /// <summary>The approved claim that covers <paramref name="caller"/> now, for the release record's delegation chain (ADR 0062); null when none.</summary>
    public ApprovedClaim? ApprovalFor(AgentCaller caller, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return approvals.Covering(caller.Namespace, caller.PublicKey, connectionId, caller.Subject, time.GetUtcNow());
    }

    private async Task<AuthorizationOutcome?> RecordNonceAsync(AgentCaller caller, DateTimeOffset created, CancellationToken aborted)
    {
        NonceRecordResult recorded;
        try
        {
            var now = time.GetUtcNow();
            recorded = await replay.TryRecordAsync(ScopeOf(caller.Namespace), caller.Nonce, created, now + options.NonceLifetime, now, aborted);
        }
#pragma warning disable CA1031 // A store we cannot write means we cannot rule out a replay: deny (reliability RPL-13).
        catch (Exception) when (!aborted.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return AuthorizationOutcome.Deny("replay_detection", GatewayError.Of(ErrorCatalogue.AuthReplayStoreUnavailable,
                "Replay protection is unavailable, so the request is refused. Try again shortly."));
        }
        return recorded switch
        {
            NonceRecordResult.Recorded => null,
            NonceRecordResult.Replayed => AuthorizationOutcome.Deny("replay_detection", Error(ErrorCatalogue.AuthReplayDetected, "Replay detected: this signature nonce was already used, or the signature predates the gateway's start. Sign every request afresh.")),
            // Full: refuse rather than evict an unexpired nonce (reliability RPL-12).
            _ => AuthorizationOutcome.Deny("replay_detection", GatewayError.Of(ErrorCatalogue.AuthReplayStoreUnavailable,
                "Replay protection is at capacity, so the request is refused. Try again shortly.")),
        };
    }

    private string ScopeOf(string ns)
    {
        var last = Volatile.Read(ref _lastScope);
        if (last is not null && string.Equals(last.Namespace, ns, StringComparison.Ordinal))
        {
            return last.Scope;
        }
        var scope = new NonceScope(ns, NonceScopePrefix + ns);
        Volatile.Write(ref _lastScope, scope);
        return scope.Scope;
    }

    private static AuthorizationOutcome MapVerificationFailure(VerificationResult result) => result.Code switch
    {
        ErrorCatalogue.SigDuplicateHeader => AuthorizationOutcome.Deny("header_validation", Error(ErrorCatalogue.AuthHeadersInvalid, result.Reason ?? "A Sigilum header appears more than once.")),
        ErrorCatalogue.SigSignedComponentsInvalid or ErrorCatalogue.SigSubjectComponentMissing =>
            AuthorizationOutcome.Deny("component_validation", Error(ErrorCatalogue.AuthSignedComponentsInvalid, result.Reason ?? "The signed components are not one of the allowed sets.")),
        ErrorCatalogue.SigSubjectMissing => AuthorizationOutcome.Deny("identity_extraction", Error(ErrorCatalogue.AuthIdentityInvalid, result.Reason ?? "The request names no subject.")),
        ErrorCatalogue.SigNonceInvalid => AuthorizationOutcome.Deny("nonce_validation", Error(ErrorCatalogue.AuthNonceInvalid, result.Reason ?? "The signature nonce is invalid.")),
        _ => AuthorizationOutcome.Deny("signature_verification", Error(ErrorCatalogue.AuthSignatureInvalid, SignatureMessage(result))),
    };

    // The verifier's reasons name the failing rule without echoing header values, so they are safe to show
    // and tell an agent developer what to fix.
    private static string SignatureMessage(VerificationResult result) =>
        "Sigilum signature verification failed" + (result.Code is null ? "." : $" ({result.Code}): {result.Reason}");

    private static GatewayError Error(string code, string message) => GatewayError.Of(code, message);

    private sealed record NonceScope(string Namespace, string Scope);
}
