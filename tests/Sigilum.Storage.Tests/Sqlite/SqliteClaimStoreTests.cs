using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteClaimStoreTests() : ClaimStoreConformance(new SqliteProvider());
