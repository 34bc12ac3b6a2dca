using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionStoreTests(PostgresServer server) : ConnectionStoreConformance(new PostgresProvider(server));
