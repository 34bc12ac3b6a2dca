using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Jose;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Gate;

/// <summary>
/// The attestation check on every intercepted request (issue 6 item 3, DESIGN §2): EdDSA only,
/// <c>kid</c> of a pinned trust anchor, signature, <c>iss</c> of that anchor, <c>aud</c> containing
/// the vault audience or <c>sigil-sign</c>, <c>iat</c> ≤ now + 5 s, <c>exp</c> > now, lifetime ≤ 60 s,
/// <c>intentHash</c> equal to the hash of this request, the agent it names equal to the agent the proxy
/// token authenticated (<see cref="NamesAgent"/>, docs/decisions/0022), and finally the <c>jti</c> consumed
/// until exp + 300 s (sigil-vault-and-peers.md §1.4 CC-1): in memory behind the start epoch, an <c>iat</c>
/// before the epoch being a replay (docs/decisions/0026). The replay store is
/// the last step so a refused token never burns a jti; expiry is re-checked after it.
/// </summary>
internal sealed class AttestationGate(IReplayGuard replayStore, TimeProvider time)
{
    public const string SigilSignAudience = "sigil-sign";
    private static readonly TimeSpan ReplayRetention = TimeSpan.FromSeconds(300);

    /// <summary>How far <c>iat</c> may lie ahead of our clock; the replay epoch's durable window is as wide (ADR 0026).</summary>
    public static readonly TimeSpan IssuedAtSkew = TimeSpan.FromSeconds(5);

    public async Task<GateResult> CheckAsync(IReadOnlyList<string> headerValues, VaultSnapshot snapshot, string expectedIntentHash, string agentId, CancellationToken cancellationToken)
    {
        if (headerValues.Count != 1 || headerValues[0].Length == 0)
        {
            return GateResult.Refuse(ErrorCatalogue.AttestationMissing, "Exactly one X-Sigil-Attestation header is required.");
        }
        TrustAnchor? anchor = null;
        var pinBroken = false;
        var jws = JwsVerifier.Verify(headerValues[0], kid =>
        {
            if (!snapshot.Anchors.TryGetValue(kid, out var found))
            {
                return null;
            }
            // The pin is checked at every use, not only at `trust add`: a tampered store row fails here.
            if (!RawKeyFingerprint.Matches(found.Fingerprint, found.Key.PublicKey))
            {
                pinBroken = true;
                return null;
            }
            anchor = found;
            return found.Key;
        });
        if (pinBroken)
        {
            return GateResult.Refuse(ErrorCatalogue.AttestationKeyPinMismatch, "The trust anchor's key does not match its pin.");
        }
        if (!jws.IsSuccess)
        {
            return GateResult.Refuse(jws.Error!.Code, jws.Error.Reason);
        }
        if (!IsAttestationType(jws.Value!.Type))
        {
            // JWT-07 pinned: the live signer emits typ JWT (or none), so an explicit attestation type cannot be
            // required; any other declared type (at+jwt, an ID token, ...) is some other token and is refused.
            return GateResult.Refuse(ErrorCatalogue.JwsTypeInvalid, "The token's typ is not JWT.");
        }
        var claims = AttestationValidator.Validate(jws.Value!, new AttestationValidationOptions
        {
            TrustedIssuers = [anchor!.Issuer],
            AcceptedAudiences = [snapshot.Audience, SigilSignAudience],
            Time = time,
            MaxFutureSkew = IssuedAtSkew,
            ExpectedIntentHash = expectedIntentHash,
        });
        if (!claims.IsSuccess)
        {
            return GateResult.Refuse(claims.Error!.Code, claims.Error.Reason);
        }
        var accepted = claims.Value!;
        // JWT-11: an attestation is spent only by the agent it was issued to, so agent B cannot spend agent
        // A's unused one. Checked before the replay store: B's attempt does not burn A's jti.
        if (!NamesAgent(accepted, agentId))
        {
            return GateResult.Refuse(ErrorCatalogue.AttestationAgentMismatch, "The attestation names another agent than the proxy token's (or none).");
        }
        NonceRecordResult recorded;
        try
        {
            recorded = await replayStore.TryRecordAsync("vault-jti:" + accepted.Issuer, accepted.Jti, accepted.IssuedAt, accepted.ExpiresAt + ReplayRetention, time.GetUtcNow(), cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return GateResult.Refuse(ErrorCatalogue.ReplayStoreUnavailable, "The replay store did not answer.", 503);
        }
#pragma warning disable CA1031 // Any store failure means "cannot prove unused": deny (CC-1 "store unavailable ⇒ deny").
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return GateResult.Refuse(StoreUnavailableException.CodeFor(ex, ErrorCatalogue.ReplayStoreUnavailable), "The replay store is unavailable.", 503);
        }
        if (recorded == NonceRecordResult.Replayed)
        {
            return GateResult.Refuse(ErrorCatalogue.AttestationReplayed, "This attestation was already used.");
        }
        if (recorded == NonceRecordResult.Full)
        {
            return GateResult.Refuse(ErrorCatalogue.ReplayStoreUnavailable, "The replay store is full.", 503);
        }
        // CC-1: the verifier re-checks expiry after the store call (a slow store must not stretch exp).
        if (accepted.ExpiresAt <= time.GetUtcNow())
        {
            return GateResult.Refuse(ErrorCatalogue.AttestationExpired, "The attestation expired while it was checked.");
        }
        return GateResult.Accept(accepted);
    }

    /// <summary>No <c>typ</c>, or <c>JWT</c> compared as RFC 7515 §4.1.9 says (case-insensitive, optional <c>application/</c>).</summary>
    public static bool IsAttestationType(string? type) =>
        type is null || string.Equals(type, "JWT", StringComparison.OrdinalIgnoreCase) || string.Equals(type, "application/jwt", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sigil's live signer names the agent in <c>agentId</c>; the conformance text uses <c>sub</c>
    /// (sigil-vault-and-peers.md §1.4). <c>agentId</c> decides when present (our control plane puts its
    /// key id in <c>sub</c>), else <c>sub</c>; a token naming no agent could be spent by any agent and is refused.
    /// </summary>
    public static bool NamesAgent(AttestationClaims claims, string agentId)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Payload.ValueKind == System.Text.Json.JsonValueKind.Object && claims.Payload.TryGetProperty("agentId", out var named))
        {
            return named.ValueKind == System.Text.Json.JsonValueKind.String && string.Equals(named.GetString(), agentId, StringComparison.Ordinal);
        }
        return claims.Subject is not null && string.Equals(claims.Subject, agentId, StringComparison.Ordinal);
    }
}
