using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteConnectionStoreTests() : ConnectionStoreConformance(new SqliteProvider());
