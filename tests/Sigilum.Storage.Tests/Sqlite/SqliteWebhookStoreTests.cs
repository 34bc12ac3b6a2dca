using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteWebhookStoreTests() : WebhookStoreConformance(new SqliteProvider());
