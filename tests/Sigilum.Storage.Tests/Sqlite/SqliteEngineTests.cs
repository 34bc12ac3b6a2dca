using Microsoft.Data.Sqlite;
using Sigilum.Storage.Sqlite.Engine;

namespace Sigilum.Storage.Sqlite;

/// <summary>docs/decisions/0047-current-bundled-sqlite.md: the bundled SQLite 3.53 and what newer migrations may use.</summary>
public sealed class SqliteEngineTests
{
    [Fact]
    public void Engine_ThisProcess_IsTheBundledEngine353OrNewer()
    {
        Assert.Matches(@"^bundled 3\.(5[3-9]|[6-9]\d)\.\d+$", SqliteSigilumStore.Engine);
    }

    [Fact]
    public void RequireSupported_TheFrozenOldBundle_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SqliteEngine.RequireSupported(3_035_005, "3.35.5"));

        Assert.Contains("3.35.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireSupported_TheMinimum_Passes()
    {
        SqliteEngine.RequireSupported(SqliteEngine.MinimumVersionNumber, "3.53.0");
    }

    [Fact]
    public async Task Engine_StrictTable_RefusesAValueOfTheWrongType()
    {
        await using var connection = await OpenMemoryAsync();
        await ExecuteAsync(connection, "CREATE TABLE t (n INTEGER NOT NULL) STRICT");
        await ExecuteAsync(connection, "INSERT INTO t (n) VALUES (1)");

        var error = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "INSERT INTO t (n) VALUES ('one')"));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT (datatype mismatch)
    }

    [Fact]
    public async Task Engine_JsonArrowAndUnixEpoch_AreAvailable()
    {
        await using var connection = await OpenMemoryAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT '{"a":{"b":7}}' ->> '$.a.b', unixepoch('2026-01-01T00:00:00Z')""";
        await using var reader = await command.ExecuteReaderAsync();

        Assert.True(await reader.ReadAsync());
        Assert.Equal(7L, reader.GetInt64(0));
        Assert.Equal(1767225600L, reader.GetInt64(1));
    }

    private static async Task<SqliteConnection> OpenMemoryAsync()
    {
        SqliteEngine.EnsureInitialised();
        var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
