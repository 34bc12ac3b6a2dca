using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteNodeStoreTests() : NodeStoreConformance(new SqliteProvider());
