using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Pairing;

/// <summary>
/// Starting a pairing session (spec §4.10), shared by <c>POST /v1/gateway/pairing/start</c> and the dashboard's
/// "Start pairing": a new session id and code, stored only as their hash, single use, expiring after the TTL.
/// </summary>
internal sealed class PairingSessions(ISigilumStore store, TimeProvider time)
{
    public const int DefaultTtlSeconds = 600;
    public const int MinTtlSeconds = 30;
    public const int MaxTtlSeconds = 3600;

    public static bool IsValidTtl(int ttlSeconds) => ttlSeconds is >= MinTtlSeconds and <= MaxTtlSeconds;

    /// <summary>Creates the session for the owner's namespace; the returned code is the only copy in clear.</summary>
    public async Task<PairingStart> StartAsync(string ownerId, string ns, int ttlSeconds, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttlSeconds, MinTtlSeconds);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ttlSeconds, MaxTtlSeconds);
        var now = time.GetUtcNow();
        var sessionId = PairingCodes.NewSessionId();
        var code = PairingCodes.NewCode();
        var expires = now.AddSeconds(ttlSeconds);
        await store.Sessions.CreateAsync(new OwnerSession
        {
            TokenHash = PairingCodes.Hash(sessionId, code),
            OwnerId = ownerId,
            Namespace = ns,
            Kind = OwnerSessionKind.PairingCode,
            CreatedAt = now,
            ExpiresAt = expires,
        }, cancellationToken);
        return new PairingStart(sessionId, ns, code, expires, ttlSeconds);
    }
}
