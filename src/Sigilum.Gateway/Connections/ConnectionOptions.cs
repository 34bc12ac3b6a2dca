namespace Sigilum.Gateway.Connections;

/// <summary>
/// The connections feature: where its files live, how the master key is found and how rotation is
/// enforced. Defaults follow spec §3.14 (<c>GATEWAY_ROTATION_ENFORCEMENT=warn</c>, grace 0 days).
/// </summary>
internal sealed class ConnectionOptions
{
    /// <summary>The gateway's data directory (<c>GATEWAY_DATA_DIR</c>); holds the catalogue and, by default, the master key file.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary><c>GATEWAY_SERVICE_CATALOG_FILE</c>; null means <c>&lt;DataDirectory&gt;/service-catalog.json</c>.</summary>
    public string? CatalogFile { get; set; }

    /// <summary>
    /// The master key file used when <c>SIGILUM_MASTER_KEY</c> is unset (created 0600 on first start);
    /// null means <c>&lt;DataDirectory&gt;/master-key</c>. Several gateway instances sharing one database
    /// must share one master key (set the variable on all of them).
    /// </summary>
    public string? MasterKeyFile { get; set; }

    public RotationEnforcement RotationEnforcement { get; set; } = RotationEnforcement.Warn;

    /// <summary><c>GATEWAY_ROTATION_GRACE_DAYS</c>: days after the due date before a rotation counts as overdue.</summary>
    public int RotationGraceDays { get; set; }

    /// <summary>Largest admin request body read (secrets, variables up to 16 KiB, the catalogue).</summary>
    public int MaxAdminBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The whole connection test request, connect to last byte (under the 20 s admin deadline).</summary>
    public TimeSpan TestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the service API keys are re-read from the store, so a PUT on another instance is picked up.</summary>
    public TimeSpan ServiceKeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reads environment variables (service key overrides, <c>SIGILUM_MASTER_KEY</c>); injectable for tests.</summary>
    public Func<string, string?> GetEnvironment { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary><c>Gateway:Backends</c>: where <c>{{backend:NAME:REF}}</c> connection secrets are fetched from (docs/gateway-connections.md).</summary>
    public IReadOnlyList<GatewayBackendOptions> Backends { get; set; } = [];

    /// <summary>How long one backend fetch may take: the request's 5-second budget (issue #7 §3, docs/decisions/0009).</summary>
    public TimeSpan BackendFetchBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many connections' opened secret maps <see cref="ConnectionSecretCache"/> keeps (1-100000).</summary>
    public int SecretCacheCapacity { get; set; } = ConnectionSecretCache.DefaultCapacity;

    /// <summary>The clock backends and the fetch budget use.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public string ResolvedCatalogFile => CatalogFile ?? Path.Combine(DataDirectory, "service-catalog.json");

    public string ResolvedMasterKeyFile => MasterKeyFile ?? Path.Combine(DataDirectory, "master-key");

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new InvalidOperationException("Gateway:Connections:DataDirectory is required (GATEWAY_DATA_DIR).");
        }
        if (!Enum.IsDefined(RotationEnforcement))
        {
            throw new InvalidOperationException("Gateway:Connections:RotationEnforcement must be off, warn or block.");
        }
        if (RotationGraceDays is < 0 or > 3650)
        {
            throw new InvalidOperationException("Gateway:Connections:RotationGraceDays must be 0-3650.");
        }
        if (SecretCacheCapacity is < 1 or > 100_000)
        {
            throw new InvalidOperationException("Gateway:Connections:SecretCacheCapacity must be 1-100000.");
        }
        if (MaxAdminBodyBytes is < 64 * 1024 or > 16 * 1024 * 1024)
        {
            throw new InvalidOperationException("Gateway:Connections:MaxAdminBodyBytes must be 64 KiB to 16 MiB.");
        }
        if (TestTimeout <= TimeSpan.Zero || TestTimeout > TimeSpan.FromMinutes(2))
        {
            throw new InvalidOperationException("Gateway:Connections:TestTimeout must be more than 0 and at most 2 minutes.");
        }
        if (ServiceKeyRefreshInterval < TimeSpan.FromSeconds(1))
        {
            throw new InvalidOperationException("Gateway:Connections:ServiceKeyRefreshInterval must be at least 1 second.");
        }
        if (BackendFetchBudget <= TimeSpan.Zero || BackendFetchBudget > TimeSpan.FromSeconds(30))
        {
            throw new InvalidOperationException("Gateway:Connections:BackendFetchBudget must be more than 0 and at most 30 seconds.");
        }
        ArgumentNullException.ThrowIfNull(GetEnvironment);
        ArgumentNullException.ThrowIfNull(Backends);
        ArgumentNullException.ThrowIfNull(Time);
    }

    /// <summary>Parses <c>off</c>, <c>warn</c> or <c>block</c> (case-insensitive), as <c>GATEWAY_ROTATION_ENFORCEMENT</c> spells them.</summary>
    public static bool TryParseEnforcement(string? text, out RotationEnforcement enforcement)
    {
        enforcement = RotationEnforcement.Warn;
        switch (text?.Trim().ToUpperInvariant())
        {
            case "OFF":
                enforcement = RotationEnforcement.Off;
                return true;
            case "WARN":
                return true;
            case "BLOCK":
                enforcement = RotationEnforcement.Block;
                return true;
            default:
                return false;
        }
    }
}
