using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteClaimChangeFeedTests() : ClaimChangeFeedConformance(new SqliteProvider());
