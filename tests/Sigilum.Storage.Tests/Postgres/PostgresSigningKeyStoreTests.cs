using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresSigningKeyStoreTests(PostgresServer server) : SigningKeyStoreConformance(new PostgresProvider(server));
