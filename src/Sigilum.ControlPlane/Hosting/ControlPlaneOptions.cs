using Sigilum.ControlPlane.Attestations;
using Sigilum.ControlPlane.Dashboard;
using Sigilum.ControlPlane.Webhooks;
using Sigilum.Core.Replay;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>Control-plane settings (section <c>ControlPlane</c>); validated at start.</summary>
public sealed class ControlPlaneOptions
{
    public const string SectionName = "ControlPlane";

    /// <summary>Listen addresses; port 0 picks a free port (tests).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8787";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>SQLite file; default <c>$SIGILUM_HOME/controlplane/sigilum.db</c>.</summary>
    public string? SqlitePath { get; set; }

    /// <summary>PostgreSQL connection string when <see cref="Store"/> is <c>postgres</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Master key file (used when SIGILUM_MASTER_KEY is unset); default beside the SQLite file.</summary>
    public string? MasterKeyFile { get; set; }

    /// <summary>
    /// Where signed-request nonces are remembered (ADR 0058): <c>memory</c> (a bounded in-memory set behind a start epoch,
    /// no write per request) or <c>shared</c> (the store's insert-if-absent, as several instances over one store need).
    /// Empty, the default: <c>memory</c> for <c>sqlite</c>, <c>shared</c> for <c>postgres</c>. Several control planes over
    /// one SQLite file must set <c>shared</c>.
    /// </summary>
    public string ReplayState { get; set; } = string.Empty;

    /// <summary>Live nonces the in-memory set holds before it refuses signed requests (503) rather than forget one (RPL-12).</summary>
    public long ReplayCapacity { get; set; } = 1_000_000;

    /// <summary>The start epoch's file for <c>memory</c>; default <c>controlplane-replay.epoch</c> beside the SQLite file.</summary>
    public string? ReplayEpochPath { get; set; }

    /// <summary>The replay state in effect: <see cref="ReplayState"/>, else by <see cref="Store"/>.</summary>
    public string EffectiveReplayState => string.IsNullOrEmpty(ReplayState) ? (Store == "postgres" ? ReplayGuards.Shared : ReplayGuards.Memory) : ReplayState;

    /// <summary>The epoch file in effect: <see cref="ReplayEpochPath"/>, else beside the SQLite file (null when neither is set).</summary>
    public string? EffectiveReplayEpochPath => !string.IsNullOrWhiteSpace(ReplayEpochPath) ? ReplayEpochPath
        : string.IsNullOrWhiteSpace(SqlitePath) ? null
        : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(SqlitePath))!, "controlplane-replay.epoch");

    public RegistrationPolicy Registration { get; set; } = RegistrationPolicy.Loopback;

    /// <summary>Lifetime of CLI owner tokens.</summary>
    public int OwnerTokenDays { get; set; } = 30;

    /// <summary>Pending claims nobody decided for this long expire (0 keeps them forever); the reference uses 24 h.</summary>
    public int PendingClaimExpiryHours { get; set; } = 24;

    /// <summary>How often an idle push stream sends a keep-alive comment.</summary>
    public int StreamKeepAliveSeconds { get; set; } = 15;

    /// <summary>
    /// How long a revocation waits for the gateways following the namespace's stream to confirm it is in effect before it
    /// is answered anyway, saying which did not (ADR 0027). 0 answers at once (nothing confirmed); at most 10,000.
    /// </summary>
    public int RevocationWaitMilliseconds { get; set; } = 1000;

    /// <summary>The Sigil-Sign-compatible attestation issuer (section <c>ControlPlane:Attestations</c>).</summary>
    public AttestationOptions Attestations { get; set; } = new();
    /// <summary>Webhook delivery (section <c>ControlPlane:Webhooks</c>).</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>The browser dashboard (section <c>ControlPlane:Dashboard</c>).</summary>
    public DashboardOptions Dashboard { get; set; } = new();

    public void Validate()
    {
        if (Store is not ("sqlite" or "postgres"))
        {
            throw new InvalidOperationException($"ControlPlane:Store must be sqlite or postgres, not '{Store}'.");
        }
        if (Store == "sqlite" && string.IsNullOrWhiteSpace(SqlitePath))
        {
            throw new InvalidOperationException("ControlPlane:SqlitePath is required for the sqlite store.");
        }
        if (Store == "postgres" && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            throw new InvalidOperationException("ControlPlane:PostgresConnectionString (SIGILUM_POSTGRES) is required for the postgres store.");
        }
        if (string.IsNullOrWhiteSpace(MasterKeyFile))
        {
            throw new InvalidOperationException("ControlPlane:MasterKeyFile is required.");
        }
        if (ReplayState is not ("" or ReplayGuards.Memory or ReplayGuards.Shared))
        {
            throw new InvalidOperationException($"ControlPlane:ReplayState must be memory or shared, not '{ReplayState}'.");
        }
        if (ReplayCapacity < 1)
        {
            throw new InvalidOperationException("ControlPlane:ReplayCapacity must be positive.");
        }
        if (EffectiveReplayState == ReplayGuards.Memory && EffectiveReplayEpochPath is null)
        {
            throw new InvalidOperationException("ControlPlane:ReplayEpochPath is required for ReplayState memory without a SQLite file.");
        }
        if (PendingClaimExpiryHours is < 0 or > 24 * 365)
        {
            throw new InvalidOperationException("ControlPlane:PendingClaimExpiryHours must be 0 (never) to 8760.");
        }
        if (OwnerTokenDays is < 1 or > 365 || StreamKeepAliveSeconds is < 1 or > 300)
        {
            throw new InvalidOperationException("ControlPlane:OwnerTokenDays must be 1-365 and StreamKeepAliveSeconds 1-300.");
        }
        if (RevocationWaitMilliseconds is < 0 or > 10_000)
        {
            throw new InvalidOperationException("ControlPlane:RevocationWaitMilliseconds must be 0-10000.");
        }
        (Attestations ?? throw new InvalidOperationException("ControlPlane:Attestations is required.")).Validate();
        Webhooks.Validate();
        Dashboard.Validate();
    }
}
