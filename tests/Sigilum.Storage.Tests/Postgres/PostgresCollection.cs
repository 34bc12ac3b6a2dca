namespace Sigilum.Storage.Postgres;

/// <summary>Every PostgreSQL test class shares one server; they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "PostgreSQL";
}
