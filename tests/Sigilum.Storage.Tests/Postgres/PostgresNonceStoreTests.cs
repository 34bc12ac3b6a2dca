using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresNonceStoreTests(PostgresServer server) : NonceStoreConformance(new PostgresProvider(server));
