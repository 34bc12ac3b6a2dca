using Sigilum.ControlPlane.Attestations;
using Sigilum.ControlPlane.Dashboard;
using Sigilum.ControlPlane.Webhooks;

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
