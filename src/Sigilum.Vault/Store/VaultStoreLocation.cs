namespace Sigilum.Vault.Store;

/// <summary>
/// Which engine holds the vault's configuration (ADR 0068): <c>sqlite</c> (the default, <c>&lt;home&gt;/vault/vault.db</c>,
/// one instance) or <c>postgres</c> (several instances share agents, tokens, routes, anchors, backends and jti replay).
/// The connection string is a secret (it may carry a password): <see cref="ToString"/> never shows it.
/// </summary>
internal sealed record VaultStoreLocation(string Kind, string? ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static VaultStoreLocation Default { get; } = new(Sqlite, null);

    public bool IsPostgres => Kind == Postgres;

    public static VaultStoreLocation ForPostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new VaultStoreLocation(Postgres, connectionString);
    }

    public override string ToString() => Kind;
}
