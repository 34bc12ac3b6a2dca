using Sigilum.Vault.Admin;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Hosting;

/// <summary>What a vault host adds around the proxy (ADR 0061): the admin port and where finished requests are reported.</summary>
internal sealed record VaultHostOptions
{
    /// <summary>The loopback admin port for <c>/health</c> and <c>/metrics</c> (0 picks a free one); null serves no admin port.</summary>
    public int? AdminPort { get; init; }

    /// <summary>Receives each released request once its outcome is audited (the usage reporter when paired); must not block.</summary>
    public Action<VaultRequestReport>? Finished { get; init; }

    /// <summary>The metrics to count into (a host may hand in its own to add the witness gauge); null makes new ones.</summary>
    public VaultMetrics? Metrics { get; init; }

    /// <summary>Where the configuration and jti replay live: SQLite under the vault directory (default) or a shared PostgreSQL (ADR 0068).</summary>
    public VaultStoreLocation Store { get; init; } = VaultStoreLocation.Default;
}
