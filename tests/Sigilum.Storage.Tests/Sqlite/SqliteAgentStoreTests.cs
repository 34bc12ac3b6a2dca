using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteAgentStoreTests() : AgentStoreConformance(new SqliteProvider());
