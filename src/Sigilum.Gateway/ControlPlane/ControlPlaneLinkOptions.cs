namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// How the gateway talks to its control plane besides the approvals stream: auto-claim filing (spec
/// §3.6), usage events (§3.12), the durable audit log and its witnessed checkpoints (DESIGN §4 "Audit").
/// Validated once at start by <see cref="Validate"/>.
/// </summary>
internal sealed class ControlPlaneLinkOptions
{
    /// <summary>The control plane's base URL (<c>SIGILUM_REGISTRY_URL</c>).</summary>
    public Uri ControlPlaneUrl { get; set; } = new("http://127.0.0.1:8787/");

    /// <summary>File a pending claim when an unapproved agent calls (<c>GATEWAY_AUTO_REGISTER_CLAIMS</c>).</summary>
    public bool AutoRegisterClaims { get; set; } = true;

    /// <summary>Filings per connection|namespace and minute; 0 = unlimited (<c>GATEWAY_CLAIM_REGISTRATION_RATE_LIMIT_PER_MINUTE</c>).</summary>
    public int ClaimRateLimitPerMinute { get; set; } = 30;

    /// <summary>Report one usage event per authorised request to the control plane.</summary>
    public bool UsageEnabled { get; set; } = true;

    /// <summary>Usage events held in memory while the control plane is slow or away; the oldest are dropped beyond.</summary>
    public int UsageQueueCapacity { get; set; } = 10_000;

    /// <summary>Usage events per signed call to the control plane, 1-500 (ADR 0029); a full batch is sent at once.</summary>
    public int UsageBatchSize { get; set; } = UsageReporter.MaxBatch;

    /// <summary>The longest a usage event waits for its batch to fill before it is sent anyway (ADR 0029).</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The directory of the gateway's audit log (<c>audit.jsonl</c>, <c>checkpoints.jsonl</c>), normally
    /// <c>&lt;gateway data dir&gt;/audit</c>. Required.
    /// </summary>
    public string AuditDirectory { get; set; } = string.Empty;

    /// <summary>
    /// This gateway's node id as registered with the control plane (<c>gw_…</c>); it is written into
    /// every checkpoint, and the witness only accepts checkpoints naming the calling node. When null the
    /// log still checkpoints (as node <c>gateway</c>) but nothing is sent to the witness.
    /// </summary>
    public string? NodeId { get; set; }

    /// <summary>How long an audit write may take before the log is declared failed (reliability STO-03).</summary>
    public TimeSpan AuditWriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The operator's confirmation that the database was restored on purpose (reliability STO-15): a store generation
    /// older than the audit log is accepted, once, and the acceptance is audited. Off by default.
    /// </summary>
    public bool AcceptStoreRollback { get; set; }

    /// <summary>Test seam: adjusts the audit log's options before each open (fault injection, reliability STO-01).</summary>
    internal Func<Core.Audit.AuditLogOptions, Core.Audit.AuditLogOptions>? AuditLogHook { get; set; }
    /// <summary>
    /// The pinned control-plane key (ADR 0024): a witness answer counts only when signed with it, and the relay
    /// dispatches only commands signed with it. Null: nothing is counted as witnessed, no command is dispatched.
    /// </summary>
    public byte[]? ControlPlaneKey { get; set; }

    /// <summary>Sign a checkpoint after this many audit records.</summary>
    public int CheckpointEveryRecords { get; set; } = 1000;

    /// <summary>Sign a checkpoint after this much time if any record was added.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of each claim filing, usage post and checkpoint post (spec §3.12: 5 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay of a checkpoint or usage batch send; doubles up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between checkpoint send attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!ControlPlaneUrl.IsAbsoluteUri || ControlPlaneUrl.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException("The control plane URL must be an absolute http(s) URL.", nameof(ControlPlaneUrl));
        }
        if (ClaimRateLimitPerMinute < 0)
        {
            throw new ArgumentException("The claim rate limit must be 0 (off) or more.", nameof(ClaimRateLimitPerMinute));
        }
        if (UsageQueueCapacity < 1)
        {
            throw new ArgumentException("The usage queue capacity must be at least 1.", nameof(UsageQueueCapacity));
        }
        if (UsageBatchSize is < 1 or > UsageReporter.MaxBatch || UsageFlushInterval <= TimeSpan.Zero || UsageQueueCapacity < UsageBatchSize)
        {
            throw new ArgumentException(
                $"Usage batches hold 1-{UsageReporter.MaxBatch} events, the queue at least one batch, and the flush interval must be positive.", nameof(UsageBatchSize));
        }
        if (string.IsNullOrWhiteSpace(AuditDirectory))
        {
            throw new ArgumentException("The audit directory is required.", nameof(AuditDirectory));
        }
        if (AuditWriteTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The audit write timeout must be positive.", nameof(AuditWriteTimeout));
        }
        if (CheckpointEveryRecords < 1 || CheckpointInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("Checkpoints need a positive record count and interval.", nameof(CheckpointEveryRecords));
        }
        if (RequestTimeout <= TimeSpan.Zero || InitialRetryDelay <= TimeSpan.Zero || MaxRetryDelay < InitialRetryDelay)
        {
            throw new ArgumentException("Timeouts and retry delays must be positive, the maximum at least the initial delay.", nameof(RequestTimeout));
        }
    }
}
