using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.ControlPlane;
using Sigilum.Protocol.Keys;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Witness;

/// <summary>
/// The vault's configuration of the shared <see cref="WitnessClient"/> (docs/audit-witness.md): requests are signed
/// with the node key under the Sigilum RFC 9421 profile, answers are checked against the control-plane key pinned in
/// the pairing file, and the acknowledged seq is persisted there so a restart resends only newer heads.
/// </summary>
/// <remarks>
/// The local log's checkpoints are signed under the vault's own node id (<c>sigil-vault-…</c>), which existing
/// logs were verified with; the witness wants the id the control plane assigned (<c>vt_…</c>). The reporter
/// therefore re-signs the same ⟨seq, head⟩ with the same node key under the registered id: what the witness
/// stores binds exactly the chain head the local log holds (see docs/vault.md "Witness").
/// </remarks>
internal sealed class WitnessReporter : IWitnessLink, IAsyncDisposable
{
    private readonly VaultPaths _paths;
    private readonly Ed25519KeyPair _key;
    private readonly NodeSender _sender;
    private readonly TimeProvider _time;
    private readonly Uri _endpoint;
    private readonly byte[]? _controlPlaneKey;
    private readonly Lock _save = new();
    private readonly WitnessClient _witness;
    private WitnessPairing _pairing;

    /// <param name="paths">The vault home (the pairing file is updated with the acknowledged seq).</param>
    /// <param name="pairing">The pairing from <c>connect</c>.</param>
    /// <param name="nodeKey">The node key; the reporter takes ownership and disposes it.</param>
    /// <param name="handler">Transport to the control plane; disposed with the reporter.</param>
    /// <param name="time">Clock for signatures, checkpoint timestamps and backoff.</param>
    public WitnessReporter(VaultPaths paths, WitnessPairing pairing, Ed25519KeyPair nodeKey, HttpMessageHandler handler, TimeProvider time)
    {
        _paths = paths;
        _pairing = pairing;
        _key = nodeKey;
        _time = time;
        // The sender signs with its own copy; ours re-signs checkpoints under the registered node id.
        _sender = new NodeSender(pairing.Namespace, nodeKey, handler, time);
        _endpoint = new Uri(new Uri(pairing.ApiUrl.TrimEnd('/') + "/"), "v1/witness/checkpoints");
        // A pairing from before ADR 0024 pins no key: fail closed, no answer counts as witnessed.
        _controlPlaneKey = ControlPlaneKey.TryParse(pairing.ControlPlaneKey, out var key) ? key : null;
        _witness = new WitnessClient(this, time);
    }

    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The newest seq the witness acknowledged (from the pairing file at start).</summary>
    public long LastSentSeq => _witness.LastSentSeq;

    /// <summary>The seq of the last checkpoint the witness refused for good (-1 = none).</summary>
    public long RefusedSeq => _witness.RefusedSeq;

    /// <summary>Answers not signed by the pinned control-plane key (ADR 0024); see <see cref="WitnessClient.UnverifiedAnswers"/>.</summary>
    public long UnverifiedAnswers => _witness.UnverifiedAnswers;

    Uri IWitnessLink.CheckpointsUrl => _endpoint;

    string IWitnessLink.Namespace => _pairing.Namespace;

    string IWitnessLink.NodeKey => _sender.NodeKey;

    byte[]? IWitnessLink.ControlPlaneKey => _controlPlaneKey;

    long IWitnessLink.AcknowledgedSeq => _pairing.LastSentSeq;

    WitnessRetryPolicy IWitnessLink.Retry => new(RequestTimeout, InitialRetryDelay, MaxRetryDelay);

    /// <summary>Starts sending; offers the newest checkpoint already on disk (written while not running or not yet sent).</summary>
    public void Start()
    {
        if (LatestOnDisk(_paths) is { } latest)
        {
            _witness.Offer(latest);
        }
        _witness.Start();
    }

    /// <summary>Queues <paramref name="checkpoint"/> unless a newer one is sent or queued. Never blocks (audit writer thread).</summary>
    public void Offer(AuditCheckpoint checkpoint) => _witness.Offer(checkpoint);

    /// <inheritdoc cref="WitnessClient.StopAsync"/>
    public Task StopAsync(TimeSpan grace) => _witness.StopAsync(grace);

    public async ValueTask DisposeAsync()
    {
        await _witness.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        _witness.Dispose();
        _sender.Dispose();
        _key.Dispose();
    }

    AuditCheckpoint IWitnessLink.ForWitness(AuditCheckpoint local) =>
        AuditCheckpoint.Sign(_pairing.NodeId, new AuditChainHead(local.Seq, local.Head, null), _time, _key);

    Task<HttpResponseMessage> IWitnessLink.SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        _sender.SendAsync(request, body, cancellationToken);

    void IWitnessLink.Witnessed(long seq, bool duplicate)
    {
        lock (_save)
        {
            if (seq <= _pairing.LastSentSeq)
            {
                return;
            }
            _pairing = _pairing with { LastSentSeq = seq };
            try
            {
                _pairing.Save(_paths);
            }
            catch (IOException)
            {
                // Best effort: an unsaved seq only means the same head is resent after a restart (200 duplicate).
            }
        }
    }

    // The vault has no log of its own here; what the loop knows shows in RefusedSeq and UnverifiedAnswers.
    void IWitnessLink.Retrying(long seq, string reason, TimeSpan delay)
    {
    }

    void IWitnessLink.Refused(long seq, int status, string? code)
    {
    }

    private static AuditCheckpoint? LatestOnDisk(VaultPaths paths)
    {
        var file = Path.Combine(paths.AuditDirectory, "checkpoints.jsonl");
        if (!File.Exists(file))
        {
            return null;
        }
        AuditCheckpoint? latest = null;
        foreach (var line in File.ReadLines(file))
        {
            if (AuditCheckpoint.Parse(line) is { IsSuccess: true } parsed && (latest is null || parsed.Value!.Seq > latest.Seq))
            {
                latest = parsed.Value;
            }
        }
        return latest;
    }
}
