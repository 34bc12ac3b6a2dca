namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Everything the gateway host needs, validated once at start (house rule 8). Layered by the CLI:
/// defaults → appsettings.json → optional file → <c>GATEWAY_*</c>/<c>SIGILUM_*</c> env → flags.
/// Feature options (connections, operations, control-plane link) hang off this one object.
/// </summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Where Kestrel listens; loopback by default (DESIGN §2).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:38100";

    /// <summary>The gateway's own directory (<c>$SIGILUM_HOME/gateway</c>): store, master key, catalogue, audit.</summary>
    public string DataDirectory { get; set; } = string.Empty;

    /// <summary><c>sqlite</c> (default, <c>&lt;data&gt;/gateway.db</c>) or <c>postgres</c> (several gateways share replay state and connections).</summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>SQLite file; defaults to <c>&lt;data&gt;/gateway.db</c>.</summary>
    public string? SqlitePath { get; set; }

    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// Where replay state lives (docs/decisions/0026): <c>memory</c> (a bounded in-memory set plus a start epoch, no
    /// fsync per request; one gateway only) or <c>shared</c> (every nonce through the store's insert-if-absent, so
    /// several gateways sharing the store accept a nonce once). Empty: <c>memory</c> for sqlite, <c>shared</c> for postgres.
    /// </summary>
    public string ReplayState { get; set; } = string.Empty;

    /// <summary>Most live nonces held in memory (<c>memory</c> replay state); beyond it requests are refused 503, never evicted.</summary>
    public long ReplayCapacity { get; set; } = 1_000_000;

    /// <summary>The replay state in effect: <see cref="ReplayState"/>, else by <see cref="Store"/>.</summary>
    public string EffectiveReplayState => string.IsNullOrEmpty(ReplayState) ? (Store == "postgres" ? "shared" : "memory") : ReplayState;

    /// <summary>The start epoch of <c>memory</c> replay state (written once, fsynced, at every start).</summary>
    public string ReplayEpochPath => Path.Combine(DataDirectory, "replay.epoch");

    /// <summary>The 32-byte master key file (0600, created on first start) unless <c>GATEWAY_MASTER_KEY</c> is set.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>The control plane this gateway follows for approvals and reports to.</summary>
    public Uri ControlPlaneUrl { get; set; } = new("http://127.0.0.1:8787/");

    /// <summary>
    /// The control plane's Ed25519 public key (unpadded base64url, ADR 0024). Everything accepted from the control
    /// plane (claims stream, relay commands, witness answers) must be signed with it. When unset the key pinned in
    /// <c>&lt;data&gt;/control-plane-key.json</c> is used; with neither the gateway trusts nothing from the control
    /// plane and denies every request (<c>CONTROL_PLANE_KEY_NOT_PINNED</c> in its status).
    /// </summary>
    public string? ControlPlaneKey { get; set; }

    /// <summary>Largest request body accepted (413 above); signatures cover the body, so it is buffered.</summary>
    public int MaxRequestBodyBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Oldest accepted signature (<c>SIGILUM_TIMESTAMP_TOLERANCE_SECONDS</c>).</summary>
    public int TimestampToleranceSeconds { get; set; } = 300;

    /// <summary>How far in the future <c>created</c> may be (clock skew between agent and gateway).</summary>
    public int FutureSkewSeconds { get; set; } = 5;

    /// <summary>
    /// How long a nonce is remembered (<c>SIGILUM_NONCE_TTL_SECONDS</c>). 0, the default: exactly as long as a signature
    /// carrying it can still be accepted, <see cref="NonceLifetime"/>. A larger value only costs memory; a smaller one is refused.
    /// </summary>
    public int NonceTtlSeconds { get; set; }

    /// <summary>
    /// The lifetime of a nonce entry from the moment it is recorded: <see cref="TimestampToleranceSeconds"/> +
    /// <see cref="FutureSkewSeconds"/> + 1 s unless <see cref="NonceTtlSeconds"/> asks for more. A signature accepted at
    /// <c>now</c> has <c>created</c> ≤ now + skew and stays acceptable while the whole-second age is ≤ the tolerance, i.e.
    /// before created + tolerance + 1 s ≤ now + tolerance + skew + 1 s: the entry outlives every chance of a replay
    /// (ADR 0026), and no longer (the in-memory set's size is this window times the request rate).
    /// </summary>
    public TimeSpan NonceLifetime => TimeSpan.FromSeconds(Math.Max(NonceTtlSeconds, MinimumNonceTtlSeconds));

    private int MinimumNonceTtlSeconds => TimestampToleranceSeconds + FutureSkewSeconds + 1;

    /// <summary>Longest silence of the approvals stream before every request is denied <c>AUTH_CLAIMS_UNAVAILABLE</c>.</summary>
    public int ClaimsStalenessSeconds { get; set; } = 45;

    /// <summary>Upstream connect timeout.</summary>
    public int UpstreamConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Everything up to the upstream's response headers (<c>GATEWAY_PROXY_TIMEOUT_SECONDS</c>); a streamed body is not cut.</summary>
    public int UpstreamTimeoutSeconds { get; set; } = 120;

    /// <summary>How long a stop waits for in-flight requests (<c>GATEWAY_SHUTDOWN_TIMEOUT_SECONDS</c>).</summary>
    public int ShutdownTimeoutSeconds { get; set; } = 15;

    /// <summary>File a pending claim for an unapproved agent (<c>GATEWAY_AUTO_REGISTER_CLAIMS</c>).</summary>
    public bool AutoRegisterClaims { get; set; } = true;

    /// <summary>Claim filings per connection and namespace per minute; 0 = unlimited (<c>GATEWAY_CLAIM_REGISTRATION_RATE_LIMIT_PER_MINUTE</c>).</summary>
    public int ClaimRegistrationRateLimitPerMinute { get; set; } = 30;

    /// <summary>Report each authorised request to the control plane's usage API.</summary>
    public bool ReportUsage { get; set; } = true;

    /// <summary>This gateway's node id in the control plane (set by the CLI after registration); checkpoints are witnessed only with it.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// Confirms, for this start, that the database was restored from a backup on purpose (reliability STO-15,
    /// <c>sigilum gateway start --accept-store-rollback</c>): a store generation older than the audit log is
    /// accepted and the acceptance is audited. Without it such a start is refused with <c>STORE_ROLLBACK_DETECTED</c>.
    /// </summary>
    public bool AcceptStoreRollback { get; set; }

    /// <summary>Test seam: adjusts the audit log's options before it is opened (fault injection, reliability STO-01). Not configuration.</summary>
    internal Func<Core.Audit.AuditLogOptions, Core.Audit.AuditLogOptions>? AuditLogHook { get; set; }

    /// <summary>Overdue secret rotation: <c>off</c>, <c>warn</c> (a response header) or <c>block</c> (403 ROTATION_REQUIRED).</summary>
    public string RotationEnforcement { get; set; } = "warn";

    /// <summary>Days after the due date before a rotation counts as overdue (<c>GATEWAY_ROTATION_GRACE_DAYS</c>).</summary>
    public int RotationGraceDays { get; set; }

    /// <summary>
    /// Credential backends connection secrets may reference as <c>{{backend:NAME:REF}}</c> (docs/gateway-connections.md);
    /// each is built and validated at start. Their own auth secrets stay in env vars or files (<c>*_env</c>/<c>*_file</c> options).
    /// </summary>
    public List<Connections.GatewayBackendOptions> Backends { get; set; } = [];

    /// <summary>MCP connections: discovery cache TTL and stale-if-error, tool-call rate limit, pre-warm (spec §3.10).</summary>
    public Mcp.McpGatewayOptions Mcp { get; set; } = new();

    /// <summary>Bounds on requests held while the owner decides (ADR 0055): per agent key and in total.</summary>
    public Hold.HoldOptions Hold { get; set; } = new();

    /// <summary>Health, metrics, admin access (loopback|token|hybrid), CORS and the decision log.</summary>
    public Operations.OperationsOptions Operations { get; set; } = new();

    /// <summary>The relay stream the dashboard administers this gateway through (ADR 0018); on by default when <see cref="NodeId"/> is set.</summary>
    public Relay.GatewayRelayOptions Relay { get; set; } = new();

    /// <summary>Resolved SQLite path.</summary>
    public string SqliteFile => SqlitePath ?? Path.Combine(DataDirectory, "gateway.db");

    /// <summary>
    /// The generated admin token (<c>&lt;data&gt;/admin.token</c>, 0600; ADR 0020), used unless <c>GATEWAY_ADMIN_TOKEN</c>
    /// is set. The name is a contract: the CLI and <c>sigilum doctor</c> look for exactly this file.
    /// </summary>
    public string AdminTokenPath => Path.Combine(DataDirectory, Sigilum.Gateway.Operations.AdminAccessOptions.TokenFileName);

    /// <summary>Resolved master key file.</summary>
    public string MasterKeyPath => MasterKeyFile ?? Path.Combine(DataDirectory, "master.key");

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException("Gateway:DataDirectory is required.");
        }
        if (Store is not ("sqlite" or "postgres"))
        {
            throw new InvalidOperationException($"Gateway:Store must be sqlite or postgres, not '{Store}'.");
        }
        if (ReplayState is not ("" or "memory" or "shared"))
        {
            throw new InvalidOperationException($"Gateway:ReplayState must be memory or shared, not '{ReplayState}'.");
        }
        if (ReplayCapacity < 1)
        {
            throw new InvalidOperationException("Gateway:ReplayCapacity must be positive.");
        }
        if (Store == "postgres" && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new InvalidOperationException("Gateway:PostgresConnectionString is required for the postgres store.");
        }
        if (!ControlPlaneUrl.IsAbsoluteUri || ControlPlaneUrl.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("Gateway:ControlPlaneUrl must be an absolute http(s) URL.");
        }
        if (!string.IsNullOrWhiteSpace(ControlPlaneKey) && !Sigilum.Protocol.ControlPlane.ControlPlaneKey.TryParse(ControlPlaneKey, out _))
        {
            throw new InvalidOperationException("Gateway:ControlPlaneKey must be the control plane's Ed25519 public key (32 bytes, unpadded base64url).");
        }
        Positive(MaxRequestBodyBytes, nameof(MaxRequestBodyBytes));
        Positive(TimestampToleranceSeconds, nameof(TimestampToleranceSeconds));
        Positive(ClaimsStalenessSeconds, nameof(ClaimsStalenessSeconds));
        Positive(UpstreamConnectTimeoutSeconds, nameof(UpstreamConnectTimeoutSeconds));
        Positive(UpstreamTimeoutSeconds, nameof(UpstreamTimeoutSeconds));
        Positive(ShutdownTimeoutSeconds, nameof(ShutdownTimeoutSeconds));
        if (!Connections.ConnectionOptions.TryParseEnforcement(RotationEnforcement, out _))
        {
            throw new InvalidOperationException($"Gateway:RotationEnforcement must be off, warn or block, not '{RotationEnforcement}'.");
        }
        if (RotationGraceDays < 0 || ClaimRegistrationRateLimitPerMinute < 0)
        {
            throw new InvalidOperationException("Gateway:RotationGraceDays and ClaimRegistrationRateLimitPerMinute must not be negative.");
        }
        (Operations ?? throw new InvalidOperationException("Gateway:Operations is required.")).Validate();
        (Relay ?? throw new InvalidOperationException("Gateway:Relay is required.")).Validate();
        (Hold ?? throw new InvalidOperationException("Gateway:Hold is required.")).Validate();
        if (FutureSkewSeconds is < 0 or > 300)
        {
            throw new InvalidOperationException("Gateway:FutureSkewSeconds must be 0-300.");
        }
        // A nonce forgotten before its signature expires could be replayed (reliability RPL-04): an explicit TTL must
        // cover the window; 0 derives exactly the window.
        if (NonceTtlSeconds != 0 && NonceTtlSeconds < MinimumNonceTtlSeconds)
        {
            throw new InvalidOperationException("Gateway:NonceTtlSeconds must be 0 (the signature window) or at least TimestampToleranceSeconds + FutureSkewSeconds + 1.");
        }
    }

    private static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new InvalidOperationException($"Gateway:{name} must be greater than 0.");
        }
    }
}
