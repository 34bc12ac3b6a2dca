using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Witness;
using Sigilum.Protocol.Audit;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// The gateway's configuration of the shared <see cref="WitnessClient"/> (docs/audit-witness.md): checkpoints go as
/// the audit log signed them, through the signed <see cref="ControlPlaneClient"/>, bound to the gateway's namespace and
/// key and checked against the control-plane key pinned in <see cref="ControlPlaneLinkOptions"/>; outcomes are logged.
/// Runs as a hosted service, and not at all when no node id is configured (checkpoints then stay local).
/// </summary>
internal sealed class CheckpointReporter : BackgroundService, IWitnessLink
{
    private readonly ControlPlaneClient _client;
    private readonly ILogger _logger;
    private readonly WitnessClient _witness;

    public CheckpointReporter(ControlPlaneClient client, TimeProvider time, ILogger<CheckpointReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _logger = logger;
        _witness = new WitnessClient(this, time);
    }

    /// <summary>The highest checkpoint seq the witness acknowledged (0 = none yet).</summary>
    public long LastSentSeq => _witness.LastSentSeq;

    /// <summary>The seq of the last checkpoint the witness refused for good (-1 = none).</summary>
    public long RefusedSeq => _witness.RefusedSeq;

    Uri IWitnessLink.CheckpointsUrl => _client.Url("v1/witness/checkpoints");

    string IWitnessLink.Namespace => _client.Namespace;

    string IWitnessLink.NodeKey => _client.NodeKey;

    byte[]? IWitnessLink.ControlPlaneKey => _client.Options.ControlPlaneKey;

    // Nothing is remembered across restarts: the witness answers 200 (duplicate) for a head it already holds.
    long IWitnessLink.AcknowledgedSeq => 0;

    WitnessRetryPolicy IWitnessLink.Retry =>
        new(_client.Options.RequestTimeout, _client.Options.InitialRetryDelay, _client.Options.MaxRetryDelay);

    /// <summary>Queues <paramref name="checkpoint"/> for the witness unless a newer one is already sent or queued. Never blocks.</summary>
    public void Offer(AuditCheckpoint checkpoint) => _witness.Offer(checkpoint);

    public override void Dispose()
    {
        base.Dispose();
        _witness.Dispose();
    }

    // The audit log signs checkpoints under the gateway's node id already.
    AuditCheckpoint IWitnessLink.ForWitness(AuditCheckpoint local) => local;

    // SignedControlPlaneHandler signs every request of the client.
    Task<HttpResponseMessage> IWitnessLink.SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        _client.SendAsync(request, cancellationToken);

    void IWitnessLink.Witnessed(long seq, bool duplicate) => CheckpointReporterLog.Witnessed(_logger, seq, duplicate);

    void IWitnessLink.Retrying(long seq, string reason, TimeSpan delay) => CheckpointReporterLog.Retrying(_logger, seq, reason, delay);

    void IWitnessLink.Refused(long seq, int status, string? code) => CheckpointReporterLog.Refused(_logger, seq, status, code);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_client.Options.NodeId is null)
        {
            CheckpointReporterLog.Disabled(_logger);
            return Task.CompletedTask;
        }
        return _witness.RunAsync(stoppingToken);
    }
}
