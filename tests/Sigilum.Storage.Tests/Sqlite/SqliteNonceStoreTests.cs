using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteNonceStoreTests() : NonceStoreConformance(new SqliteProvider());
