using Microsoft.Data.Sqlite;

namespace Sigilum.Storage.Sqlite.Connections;

/// <summary>
/// <c>PRAGMA data_version</c> on one long-lived connection of its own that never writes (issue #13, ADR 0033). SQLite
/// changes that value on a connection whenever any other connection — another pooled connection of this process,
/// or another process on the same file — has committed since that connection last asked; it never changes for the
/// asking connection's own writes, and this one never writes. So an unchanged value proves nothing was committed
/// to the file in between, which lets the gateway reuse a connection row it read after the previous value instead of
/// opening a pooled connection, running its pragmas and reading the row on every request.
/// </summary>
/// <remarks>
/// One prepared statement under a lock (a <see cref="SqliteConnection"/> is not thread-safe); in WAL mode the read
/// takes no lock a writer waits for. Any failure answers null — no signal, the caller reads the row — and drops the
/// connection, so the next call opens a fresh one. Like the store's pooled connections, it does not see a database file
/// replaced under the running process (a restore by rename): that needs a restart, which reopens everything.
/// </remarks>
internal sealed class SqliteChangeStamp(string path) : IDisposable
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        // Not ReadOnly: a read-only connection to a WAL database depends on the -shm file already being there.
        Mode = SqliteOpenMode.ReadWrite,
        Cache = SqliteCacheMode.Private,
        // Its own connection, never handed back to the pool that the writers draw from.
        Pooling = false,
    }.ToString();

    // An in-memory database is private to each connection: this one would never see another's commits.
    private readonly bool _unsupported = path.Length == 0 || path.Contains(":memory:", StringComparison.Ordinal) || path.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);

    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _command;
    private bool _disposed;

    /// <summary>The current <c>data_version</c> of this connection; null when it cannot be read (the caller then reads the store).</summary>
    public long? Read()
    {
        lock (_gate)
        {
            if (_disposed || _unsupported)
            {
                return null;
            }
            try
            {
                if (_command is null)
                {
                    _connection = new SqliteConnection(_connectionString);
                    _connection.Open();
                    _command = _connection.CreateCommand();
                    _command.CommandText = "PRAGMA data_version";
                    _command.Prepare();
                }
                return _command.ExecuteScalar() is long version ? version : null;
            }
            catch (SqliteException)
            {
                Close();
                return null;
            }
            catch (InvalidOperationException)
            {
                Close();
                return null;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
        }
    }

    private void Close()
    {
        _command?.Dispose();
        _command = null;
        _connection?.Dispose();
        _connection = null;
    }
}
