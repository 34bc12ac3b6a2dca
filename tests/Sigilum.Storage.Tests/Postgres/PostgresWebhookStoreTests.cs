using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookStoreTests(PostgresServer server) : WebhookStoreConformance(new PostgresProvider(server));
