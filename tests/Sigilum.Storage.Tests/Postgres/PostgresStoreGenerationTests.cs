using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreGenerationTests(PostgresServer server) : StoreGenerationConformance(new PostgresProvider(server));
