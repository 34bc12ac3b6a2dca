using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresCheckpointStoreTests(PostgresServer server) : CheckpointStoreConformance(new PostgresProvider(server));
