using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresUsageStoreTests(PostgresServer server) : UsageStoreConformance(new PostgresProvider(server));
