using Sigilum.Core.Nonces;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Gate;

/// <summary>The gate's replay-store rule (CC-1 "store unavailable ⇒ deny") with a store that fails on demand.</summary>
public sealed class AttestationGateTests
{
    private const string AgentId = "agt_1";

    private sealed class Store(Func<NonceRecordResult> record) : INonceStore
    {
        public int Calls { get; private set; }

        public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(record());
        }

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private static (VaultSnapshot Snapshot, string Token, string IntentHash) Setup(Ed25519KeyPair key)
    {
        var intentHash = HttpIntent.Create("GET", "https://api.example.com/x").Value!.Commitment.IntentHash;
        var anchor = new TrustAnchor("k1", RawKeyFingerprint.Compute(key.PublicKey), "sigil-core", Jwk.FromPublicKey(key.PublicKey, "k1"), "test", default);
        var snapshot = new VaultSnapshot(1, "sigil-vault", [anchor], [], [], []);
        var token = AttestationIssuer.Issue(new AttestationDraft { Issuer = "sigil-core", Audience = "sigil-vault", IntentHash = intentHash, Subject = AgentId }, key, "k1", TimeProvider.System);
        return (snapshot, token, intentHash);
    }

    [Fact]
    public async Task CheckAsync_ReplayStoreThrows_Refused503StoreUnavailable()
    {
        using var key = Ed25519KeyPair.Generate();
        var (snapshot, token, intentHash) = Setup(key);
        var gate = new AttestationGate(new Sigilum.Core.Replay.SharedReplayGuard(new Store(() => throw new IOException("disk full"))), TimeProvider.System);

        var result = await gate.CheckAsync([token], snapshot, intentHash, AgentId, CancellationToken.None);

        Assert.Equal((503, ErrorCatalogue.ReplayStoreUnavailable), (result.Status, result.Code));
    }

    [Fact]
    public async Task CheckAsync_ReplayStoreFull_Refused503StoreUnavailable()
    {
        using var key = Ed25519KeyPair.Generate();
        var (snapshot, token, intentHash) = Setup(key);
        var gate = new AttestationGate(new Sigilum.Core.Replay.SharedReplayGuard(new Store(() => NonceRecordResult.Full)), TimeProvider.System);

        var result = await gate.CheckAsync([token], snapshot, intentHash, AgentId, CancellationToken.None);

        Assert.Equal((503, ErrorCatalogue.ReplayStoreUnavailable), (result.Status, result.Code));
    }

    [Fact]
    public async Task CheckAsync_InvalidAttestation_NeverConsumesJti()
    {
        using var key = Ed25519KeyPair.Generate();
        var (snapshot, token, _) = Setup(key);
        var store = new Store(() => NonceRecordResult.Recorded);
        var gate = new AttestationGate(new Sigilum.Core.Replay.SharedReplayGuard(store), TimeProvider.System);

        var result = await gate.CheckAsync([token], snapshot, new string('0', 64), AgentId, CancellationToken.None);

        Assert.Equal(ErrorCatalogue.AttestationIntentMismatch, result.Code);
        Assert.Equal(0, store.Calls);
    }

    [Fact]
    public async Task CheckAsync_TwoAttestationHeaders_Refused403Missing()
    {
        using var key = Ed25519KeyPair.Generate();
        var (snapshot, token, intentHash) = Setup(key);
        var gate = new AttestationGate(new Sigilum.Core.Replay.SharedReplayGuard(new Store(() => NonceRecordResult.Recorded)), TimeProvider.System);

        var result = await gate.CheckAsync([token, token], snapshot, intentHash, AgentId, CancellationToken.None);

        Assert.Equal((403, ErrorCatalogue.AttestationMissing), (result.Status, result.Code));
    }
}
