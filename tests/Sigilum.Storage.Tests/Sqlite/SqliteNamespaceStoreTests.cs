using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteNamespaceStoreTests() : NamespaceStoreConformance(new SqliteProvider());
