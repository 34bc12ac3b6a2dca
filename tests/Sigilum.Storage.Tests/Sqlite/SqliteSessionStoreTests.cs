using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteSessionStoreTests() : SessionStoreConformance(new SqliteProvider());
