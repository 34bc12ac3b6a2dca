using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Audit;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// The gateway's durable audit trail (DESIGN §4 "Audit"), over <see cref="AuditLog"/> in
/// <see cref="ControlPlaneLinkOptions.AuditDirectory"/>: a <c>gateway.release</c> record is fsynced
/// <b>before</b> a credential is injected, and a <c>gateway.outcome</c> record follows the response.
/// When the log cannot be written, <see cref="RecordReleaseAsync"/> returns null and the caller refuses
/// the request (503 <c>AUDIT_UNAVAILABLE</c>): no credential is used without its audit record.
/// Checkpoints are signed with the gateway's key and handed to the <see cref="CheckpointReporter"/>.
/// </summary>
/// <remarks>
/// A failed log (disk full, I/O error, unwritable directory, corrupted file) is reopened at most once per
/// <see cref="ReopenDelay"/>, on the next release, so the gateway heals once storage is fixed without a
/// restart and without retrying the disk on every request meanwhile.
/// </remarks>
internal sealed class GatewayAuditTrail : IHostedService, IAsyncDisposable
{
    public const string ReleaseType = "gateway.release";
    public const string OutcomeType = "gateway.outcome";

    /// <summary>The node name written into checkpoints when the gateway's node id is not configured.</summary>
    public const string UnregisteredNodeId = "gateway";

    public static readonly TimeSpan ReopenDelay = TimeSpan.FromSeconds(5);

    /// <summary>The answer when <see cref="RecordReleaseAsync"/> returned null: nothing was released.</summary>
    public static readonly GatewayError Unavailable = new(
        503, GatewayErrorCodes.AuditUnavailable, "The gateway cannot write its audit log, so no credential was used; retry later.");

    private readonly ControlPlaneLinkOptions _options;
    private readonly Ed25519KeyPair _key;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CheckpointReporter? _reporter;
    private readonly SemaphoreSlim _openGate = new(1, 1);
    private volatile AuditLog? _log;
    // UTC ticks of the last open attempt; 0 = never.
    private long _lastOpenAttemptTicks;
    private bool _disposed;

    /// <param name="options">Directory and checkpoint cadence.</param>
    /// <param name="signingKey">The gateway's key (the key of its signing identity); owned and disposed by the trail.</param>
    /// <param name="time">The clock for record times and checkpoints.</param>
    /// <param name="logger">Where unavailability is logged.</param>
    /// <param name="reporter">Where new checkpoints go for the witness; null sends none.</param>
    public GatewayAuditTrail(ControlPlaneLinkOptions options, Ed25519KeyPair signingKey, TimeProvider time, ILogger<GatewayAuditTrail> logger, CheckpointReporter? reporter = null)
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
    }

    /// <summary>True while records can be written (for <c>/health/ready</c>).</summary>
    public bool IsAvailable => _log is { IsFailed: false };

    /// <summary>The head of the log (null while unavailable).</summary>
    public AuditChainHead? Head => _log?.Head;

    /// <summary>Opens the log at start so the first request does not pay for recovery; a failure is logged, not thrown.</summary>
    public async Task StartAsync(CancellationToken cancellationToken) => await EnsureOpenAsync(force: true).ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Writes and fsyncs the release record. Returns null when it could not be written: the credential
    /// must then not be released (answer 503 <c>AUDIT_UNAVAILABLE</c>).
    /// </summary>
    public async Task<AuditTicket?> RecordReleaseAsync(ReleaseAuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var log = await EnsureOpenAsync(force: false).ConfigureAwait(false);
        if (log is null)
        {
            return null;
        }
        var fields = new JsonObject
        {
            ["request_id"] = entry.RequestId,
            ["connection"] = entry.ConnectionId,
            ["namespace"] = entry.Namespace,
            ["agent_key_id"] = entry.AgentKeyId,
            ["method"] = entry.Method,
            ["path"] = entry.Path.Split('?', 2)[0],
        };
        Add(fields, "subject", entry.Subject);
        Add(fields, "agent_id", entry.AgentId);
        Add(fields, "remote_ip", entry.RemoteIp);
        if (entry.SecretVersion is { } version)
        {
            fields["secret_version"] = version;
        }
        try
        {
            // The append is not cancelled with the request: once queued it is written either way, and
            // the caller must not release a credential unless it saw it complete.
            var record = await log.AppendAsync(ReleaseType, fields, durable: true).WaitAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Records how the released request ended (not fsynced on its own; the next release or checkpoint syncs it).</summary>
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
        var fields = new JsonObject
        {
            ["release_seq"] = ticket.Seq,
            ["request_id"] = ticket.RequestId,
            ["connection"] = ticket.ConnectionId,
            ["status"] = status,
            ["outcome"] = outcome,
            ["response_bytes"] = responseBytes,
            ["duration_ms"] = (long)duration.TotalMilliseconds,
        };
        try
        {
            await log.AppendAsync(OutcomeType, fields, durable: false).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            GatewayAuditTrailLog.OutcomeLost(_logger, ex.Message);
        }
    }

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

    private async Task<AuditLog?> EnsureOpenAsync(bool force)
    {
        if (_log is { IsFailed: false } open)
        {
            return open;
        }
        if (!force && _time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastOpenAttemptTicks) < ReopenDelay.Ticks)
        {
            return null;
        }
        await _openGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return null;
            }
            if (_log is { IsFailed: false } opened)
            {
                return opened;
            }
            Interlocked.Exchange(ref _lastOpenAttemptTicks, _time.GetUtcNow().UtcTicks);
            if (_log is { } failed)
            {
                _log = null;
                await failed.DisposeAsync().ConfigureAwait(false);
            }
            try
            {
                var log = AuditLog.Open(new AuditLogOptions
                {
                    Directory = _options.AuditDirectory,
                    NodeId = _options.NodeId ?? UnregisteredNodeId,
                    SigningKey = _key,
                    CheckpointEveryRecords = _options.CheckpointEveryRecords,
                    CheckpointInterval = _options.CheckpointInterval,
                    TimeProvider = _time,
                    CheckpointWritten = _reporter is null ? null : _reporter.Offer,
                });
                _log = log;
                GatewayAuditTrailLog.Opened(_logger, _options.AuditDirectory, log.Head.Seq);
                OfferLastCheckpoint();
                return log;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or AuditLogCorruptedException)
            {
                GatewayAuditTrailLog.Unavailable(_logger, _options.AuditDirectory, ex.GetType().Name + ": " + ex.Message);
                return null;
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

    private static void Add(JsonObject fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields[name] = value;
        }
    }
}
