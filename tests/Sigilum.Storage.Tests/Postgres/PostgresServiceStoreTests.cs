using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServiceStoreTests(PostgresServer server) : ServiceStoreConformance(new PostgresProvider(server));
