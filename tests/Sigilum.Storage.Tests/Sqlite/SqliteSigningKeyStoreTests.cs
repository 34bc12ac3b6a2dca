using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteSigningKeyStoreTests() : SigningKeyStoreConformance(new SqliteProvider());
