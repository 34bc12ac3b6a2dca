using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteCheckpointStoreTests() : CheckpointStoreConformance(new SqliteProvider());
