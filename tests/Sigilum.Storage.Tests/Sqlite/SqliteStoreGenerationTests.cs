using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteStoreGenerationTests() : StoreGenerationConformance(new SqliteProvider());
