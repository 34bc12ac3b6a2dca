using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresNamespaceStoreTests(PostgresServer server) : NamespaceStoreConformance(new PostgresProvider(server));
