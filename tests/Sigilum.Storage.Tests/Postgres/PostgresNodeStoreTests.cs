using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresNodeStoreTests(PostgresServer server) : NodeStoreConformance(new PostgresProvider(server));
