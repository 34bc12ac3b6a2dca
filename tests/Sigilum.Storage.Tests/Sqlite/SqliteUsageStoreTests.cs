using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteUsageStoreTests() : UsageStoreConformance(new SqliteProvider());
