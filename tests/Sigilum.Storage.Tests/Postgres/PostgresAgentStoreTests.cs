using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresAgentStoreTests(PostgresServer server) : AgentStoreConformance(new PostgresProvider(server));
