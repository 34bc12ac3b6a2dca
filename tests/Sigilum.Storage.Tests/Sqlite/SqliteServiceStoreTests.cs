using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteServiceStoreTests() : ServiceStoreConformance(new SqliteProvider());
