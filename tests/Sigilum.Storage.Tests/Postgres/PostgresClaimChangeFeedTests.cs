using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresClaimChangeFeedTests(PostgresServer server) : ClaimChangeFeedConformance(new PostgresProvider(server));
