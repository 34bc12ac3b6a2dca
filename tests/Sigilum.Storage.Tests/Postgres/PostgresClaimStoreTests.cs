using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClaimStoreTests(PostgresServer server) : ClaimStoreConformance(new PostgresProvider(server));
