using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Audit;
using Sigilum.Core.Generations;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// The gateway's durable audit trail (DESIGN §4 "Audit"), over <see cref="AuditLog"/> in
/// <see cref="ControlPlaneLinkOptions.AuditDirectory"/>: a <c>gateway.release</c> record is synced
/// <b>before</b> any credential is fetched from a backend or injected, and a <c>gateway.outcome</c> record
/// follows the response without a wait of its own (it rides the next group commit, ADR 0031). When the log cannot be written, <see cref="RecordReleaseAsync"/> returns null and
/// the caller refuses the request (503 <c>AUDIT_UNAVAILABLE</c>): no credential is used without its audit record.
/// Checkpoints are signed with the gateway's key and handed to the <see cref="CheckpointReporter"/>.
/// </summary>
/// <remarks>
/// <para>
/// Failure is sticky (reliability STO-02, docs/decisions/0023): once a write, an fsync or the file identity
/// check fails, or a write times out, the log stays failed and every release is refused until the gateway is
/// restarted or an operator calls <see cref="ReopenAsync"/> (<c>POST /api/admin/audit/reopen</c>). Nothing
/// reopens it on a timer: a failed fsync may have lost pages, and only someone who looked at the disk should
/// decide that the log may continue.
/// </para>
/// <para>
/// Each time the log is opened the store generation is checked against the audit chain and raised
/// (<see cref="StoreGenerationCheck"/>, STO-15); a rolled-back database fails <see cref="StartAsync"/>, so
/// the gateway does not start, unless <see cref="ControlPlaneLinkOptions.AcceptStoreRollback"/> is set.
/// </para>
/// </remarks>
internal sealed class GatewayAuditTrail : IHostedService, IAsyncDisposable
{
    public const string ReleaseType = "gateway.release";
    public const string OutcomeType = "gateway.outcome";

    /// <summary>The record an operator's reopen leaves in the chain, naming the failure it ended.</summary>
    public const string ReopenedType = "gateway.audit_reopened";

    /// <summary>The node name written into checkpoints when the gateway's node id is not configured.</summary>
    public const string UnregisteredNodeId = "gateway";

    /// <summary>The answer when <see cref="RecordReleaseAsync"/> returned null: nothing was released.</summary>
    public static readonly GatewayError Unavailable = new(
        503, ErrorCatalogue.AuditUnavailable, "The gateway cannot write its audit log, so no credential was used; an operator must fix storage and reopen the log.");

    private readonly ControlPlaneLinkOptions _options;
    private readonly Ed25519KeyPair _key;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CheckpointReporter? _reporter;
    private readonly IStoreGenerationStore? _generation;
    private readonly SemaphoreSlim _openGate = new(1, 1);
    private volatile AuditLog? _log;
    // Set once the first open was attempted: after that only restart or ReopenAsync opens again.
    private volatile bool _openAttempted;
    private volatile string? _openFailure;
    private bool _disposed;

    /// <param name="options">Directory and checkpoint cadence.</param>
    /// <param name="signingKey">The gateway's key (the key of its signing identity); owned and disposed by the trail.</param>
    /// <param name="time">The clock for record times and checkpoints.</param>
    /// <param name="logger">Where unavailability is logged.</param>
    /// <param name="reporter">Where new checkpoints go for the witness; null sends none.</param>
    /// <param name="generation">The store's generation counter (STO-15); null checks none.</param>
    public GatewayAuditTrail(ControlPlaneLinkOptions options, Ed25519KeyPair signingKey, TimeProvider time, ILogger<GatewayAuditTrail> logger,
        CheckpointReporter? reporter = null, IStoreGenerationStore? generation = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _key = signingKey;
        _time = time;
        _logger = logger;
        _reporter = reporter;
        _generation = generation;
    }

    /// <summary>True while records can be written (for <c>/health/ready</c>).</summary>
    public bool IsAvailable => _log is { IsFailed: false };

    /// <summary>Why the log is unavailable (secret-free; for the readiness output and the reopen answer); null while available.</summary>
    public string? FailureReason => _log is { } log ? log.FailureReason : _openFailure ?? (_openAttempted ? "not open" : null);

    /// <summary>The head of the log (null while unavailable).</summary>
    public AuditChainHead? Head => _log?.Head;

    /// <summary>
    /// Opens the log at start so the first request does not pay for recovery. A storage failure is logged, not
    /// thrown (the gateway runs, not ready, refusing releases); a rolled-back database throws
    /// <see cref="StoreRollbackException"/> so the gateway does not start (STO-15).
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (_, rollback) = await OpenOnceAsync(reopen: false, cancellationToken).ConfigureAwait(false);
        if (rollback is not null)
        {
            throw rollback;
        }
    }

    /// <summary>
    /// Raises the store generation once more at a clean stop (audited), so a copy of the database taken while the
    /// gateway ran is older than the log from now on.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_generation is null || _log is not { IsFailed: false } log)
        {
            return;
        }
        try
        {
            await StoreGenerationCheck.AdvanceAsync(log, _generation, "stop", cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Stopping cannot refuse anything; the next start checks again from what is on disk and in the database.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GatewayAuditTrailLog.GenerationNotAdvanced(_logger, ex.GetType().Name);
        }
    }

    /// <summary>
    /// The operator's way out of a failed log without a restart: closes the failed log, opens it again (verifying
    /// the chain and the store generation) and records <see cref="ReopenedType"/> with the failure it ends.
    /// Does nothing to a log that works.
    /// </summary>
    /// <returns>Null when the log is open and writable; otherwise why it is not (for the 503 answer).</returns>
    public async Task<string?> ReopenAsync(CancellationToken cancellationToken)
    {
        if (_log is { IsFailed: false })
        {
            return null;
        }
        var previous = FailureReason ?? "not open";
        var (log, rollback) = await OpenOnceAsync(reopen: true, cancellationToken).ConfigureAwait(false);
        if (log is null)
        {
            return rollback?.Message ?? FailureReason ?? "the audit log could not be opened";
        }
        try
        {
            await log.AppendAsync(ReopenedType, new JsonObject { ["previous_failure"] = previous }, durable: true).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            GatewayAuditTrailLog.Unavailable(_logger, _options.AuditDirectory, ex.Message);
            return ex.Message;
        }
        GatewayAuditTrailLog.Reopened(_logger, _options.AuditDirectory, log.Head.Seq);
        return null;
    }

    /// <summary>
    /// Writes and fsyncs the release record. Returns null when it could not be written: the credential
    /// must then not be released (answer 503 <c>AUDIT_UNAVAILABLE</c>).
    /// </summary>
    public async Task<AuditTicket?> RecordReleaseAsync(ReleaseAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var log = _log;
        if (log is null && !_openAttempted)
        {
            (log, _) = await OpenOnceAsync(reopen: false, cancellationToken).ConfigureAwait(false);
        }
        if (log is null || log.IsFailed)
        {
            return null;
        }
        try
        {
            // The append is not cancelled with the request: once queued it is written either way, and
            // the caller must not release a credential unless it saw it complete. The wait is one group commit (bounded
            // by the write watchdog, STO-03), so an aborted request finds out after it rather than through a
            // cancellable wrapper task per request (issue #13, sixth pass); nothing is fetched or sent for it.
            var record = await AppendRelease(log, entry).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return new AuditTicket(record.Seq, entry.RequestId, entry.ConnectionId);
        }
        catch (IOException ex)
        {
            GatewayAuditTrailLog.Unavailable(_logger, _options.AuditDirectory, ex.Message);
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Records how the released request ended without waiting for the disk (ADR 0031): the record takes its
    /// place in the chain now, after its release, and becomes durable with the next group commit (the next
    /// release's, a checkpoint's, or the close's). So a request waits for one sync, its release's; a crash can
    /// lose outcomes appended after the last sync, never an acknowledged release. Completes synchronously.
    /// </summary>
    public async Task RecordOutcomeAsync(AuditTicket ticket, int status, string outcome, long responseBytes, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(outcome);
        var log = _log;
        if (log is null)
        {
            GatewayAuditTrailLog.OutcomeLost(_logger, "the log is unavailable");
            return;
        }
        try
        {
            // Typed fields, written without a JSON DOM (ADR 0050); the record is what the JsonObject gave.
            await log.AppendAsync(OutcomeType, durable: false,
                AuditField.Int64("release_seq", ticket.Seq),
                AuditField.String("request_id", ticket.RequestId),
                AuditField.String("connection", ticket.ConnectionId),
                AuditField.Int64("status", status),
                AuditField.String("outcome", outcome),
                AuditField.Int64("response_bytes", responseBytes),
                AuditField.Int64("duration_ms", (long)duration.TotalMilliseconds)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            GatewayAuditTrailLog.OutcomeLost(_logger, ex.Message);
        }
    }

    /// <summary>
    /// Waits until every record appended so far (outcomes included) is written and synced; a no-op while the log
    /// is not open. For readers of the live file (tests, an operator's "flush before verify"); closing does this too.
    /// </summary>
    /// <exception cref="IOException">The log failed.</exception>
    public Task FlushAsync() => _log is { } log ? log.FlushAsync() : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _openGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            if (_log is { } log)
            {
                _log = null;
                // Writes a final checkpoint covering the tail (AuditLog.DisposeAsync).
                await log.DisposeAsync().ConfigureAwait(false);
            }
            _key.Dispose();
        }
        finally
        {
            _openGate.Release();
        }
    }

    /// <summary>
    /// Opens the log: at start (or on first use without a start), and again only on an operator's reopen. Storage
    /// failures leave the trail unavailable; a rolled-back store is returned so <see cref="StartAsync"/> can refuse.
    /// </summary>
    private async Task<(AuditLog? Log, StoreRollbackException? Rollback)> OpenOnceAsync(bool reopen, CancellationToken cancellationToken)
    {
        await _openGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return (null, null);
            }
            if (_log is { IsFailed: false } opened)
            {
                return (opened, null);
            }
            if (_openAttempted && !reopen)
            {
                return (null, null);
            }
            _openAttempted = true;
            if (_log is { } failed)
            {
                _log = null;
                await failed.DisposeAsync().ConfigureAwait(false);
            }
            AuditLog? log = null;
            try
            {
                var logOptions = new AuditLogOptions
                {
                    Directory = _options.AuditDirectory,
                    NodeId = _options.NodeId ?? UnregisteredNodeId,
                    SigningKey = _key,
                    CheckpointEveryRecords = _options.CheckpointEveryRecords,
                    CheckpointInterval = _options.CheckpointInterval,
                    WriteTimeout = _options.AuditWriteTimeout,
                    TimeProvider = _time,
                    CheckpointWritten = _reporter is null ? null : _reporter.Offer,
                };
                log = AuditLog.Open(_options.AuditLogHook is { } hook ? hook(logOptions) : logOptions);
                if (_generation is not null)
                {
                    var generation = await StoreGenerationCheck.VerifyAndAdvanceAsync(log, _options.AuditDirectory, _generation, _options.AcceptStoreRollback, cancellationToken).ConfigureAwait(false);
                    GatewayAuditTrailLog.GenerationAdvanced(_logger, generation);
                }
                _log = log;
                _openFailure = null;
                GatewayAuditTrailLog.Opened(_logger, _options.AuditDirectory, log.Head.Seq);
                OfferLastCheckpoint();
                return (log, null);
            }
            catch (StoreRollbackException ex)
            {
                await log!.DisposeAsync().ConfigureAwait(false);
                _openFailure = ErrorCatalogue.StoreRollbackDetected;
                GatewayAuditTrailLog.RollbackDetected(_logger, ex.DatabaseGeneration, ex.AuditedGeneration);
                return (null, ex);
            }
#pragma warning disable CA1031 // Any failure to open (storage, a corrupt chain, the store unreachable for the generation) leaves the trail unavailable: releases are refused.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                if (log is not null)
                {
                    await log.DisposeAsync().ConfigureAwait(false);
                }
                _openFailure = ex.GetType().Name + ": " + ex.Message;
                GatewayAuditTrailLog.Unavailable(_logger, _options.AuditDirectory, _openFailure);
                return (null, null);
            }
        }
        finally
        {
            _openGate.Release();
        }
    }

    /// <summary>
    /// Hands the newest checkpoint already on disk to the reporter: one written just before a crash or
    /// stop may never have reached the witness (a duplicate is acknowledged, not counted twice).
    /// </summary>
    private void OfferLastCheckpoint()
    {
        if (_reporter is null)
        {
            return;
        }
        var path = Path.Combine(_options.AuditDirectory, AuditLogOptions.CheckpointFileName);
        try
        {
            string? last = null;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                while (reader.ReadLine() is { } line)
                {
                    if (line.Length > 0)
                    {
                        last = line;
                    }
                }
            }
            if (last is not null && AuditCheckpoint.Parse(last) is { IsSuccess: true } parsed)
            {
                _reporter.Offer(parsed.Value);
            }
        }
        catch (IOException)
        {
            // Recovery just verified this file; if it cannot be read now the next checkpoint covers it.
        }
    }

    /// <summary>
    /// The release record's append, typed (ADR 0050): optional members are left out when null or empty, the path
    /// loses its query (a <c>query_param</c> credential travels there), backends are listed only when there are any.
    /// </summary>
    private static Task<AuditRecord> AppendRelease(AuditLog log, ReleaseAuditEntry entry) =>
        log.AppendAsync(ReleaseType, durable: true,
            AuditField.String("request_id", entry.RequestId),
            AuditField.String("connection", entry.ConnectionId),
            AuditField.String("namespace", entry.Namespace),
            AuditField.String("agent_key_id", entry.AgentKeyId),
            AuditField.String("method", entry.Method),
            AuditField.String("path", entry.Path.IndexOf('?', StringComparison.Ordinal) is var query and >= 0 ? entry.Path[..query] : entry.Path),
            AuditField.String("subject", NullIfEmpty(entry.Subject)),
            AuditField.String("agent_id", NullIfEmpty(entry.AgentId)),
            AuditField.String("remote_ip", NullIfEmpty(entry.RemoteIp)),
            AuditField.Int64("secret_version", entry.SecretVersion),
            AuditField.Strings("backends", entry.Backends.Count > 0 ? entry.Backends : null),
            Delegation(entry));

    /// <summary>
    /// The delegation chain (ADR 0062): namespace → the owner's approval (claim id, who, when, scope) → agent key →
    /// subject. Who and when are absent for claims approved before the control plane recorded them (unknown, not an
    /// error); the approval is absent when no claim was named.
    /// </summary>
    private static AuditField Delegation(ReleaseAuditEntry entry) =>
        AuditField.Object("delegation", [
            AuditField.String("namespace", entry.Namespace),
            AuditField.Object("approval", entry.Approval is { } claim ? ApprovalFields.GetValue(claim, Approval) : null),
            AuditField.String("agent_key_id", entry.AgentKeyId),
            AuditField.String("subject", NullIfEmpty(entry.Subject)),
        ]);

    // The approval part of the chain is the same for every release under one approved claim: built once per claim
    // (the cache holds each claim object until the approvals set drops it) instead of three arrays and a sort per
    // release (issue #13, sixth pass: 2.5 % of the gateway's allocated bytes). Claim objects are immutable; an update
    // of a claim arrives as a new object, so it gets its own fields.
    private static readonly ConditionalWeakTable<ApprovedClaim, AuditField[]> ApprovalFields = new();

    private static AuditField[] Approval(ApprovedClaim claim) =>
    [
        AuditField.String("claim_id", claim.ClaimId),
        AuditField.String("approved_by", claim.ApprovedBy),
        AuditField.Time("approved_at", claim.ApprovedAt),
        AuditField.Object("scope", [
            AuditField.Time("expires_at", claim.ExpiresAt),
            // Sorted: the claim keeps them in a set, and the record must not depend on its order.
            AuditField.Strings("allowed_subjects", claim.AllowedSubjects.Count > 0 ? claim.AllowedSubjects.Order(StringComparer.Ordinal).ToArray() : null),
        ]),
    ];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
