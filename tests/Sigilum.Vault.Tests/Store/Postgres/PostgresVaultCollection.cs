using Sigilum.Testing.Postgres;

namespace Sigilum.Vault.Store.Postgres;

/// <summary>The vault's PostgreSQL tests share one server (started for the run, or SIGILUM_TEST_POSTGRES); each test makes its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresVaultCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL (vault)";
}
