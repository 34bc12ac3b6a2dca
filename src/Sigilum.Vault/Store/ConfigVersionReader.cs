using Microsoft.Data.Sqlite;

namespace Sigilum.Vault.Store;

/// <summary>
/// Reads <c>config_version</c> for the proxy's per-request check on one long-lived connection with the
/// statement prepared once (issue 13: no connection open and pragma round per request). A read in WAL
/// mode sees the last commit, so a change made by the CLI still takes effect on the very next request
/// (JWT-19). A failed read drops the connection; the next request opens a new one.
/// </summary>
internal sealed class ConfigVersionReader(string connectionString) : IConfigVersionSource
{
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private SqliteCommand? _command;
    private bool _disposed;

    public long Read()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                _command ??= Open();
                return (long)_command.ExecuteScalar()!;
            }
            catch
            {
                Close();
                throw;
            }
        }
    }

    private SqliteCommand Open()
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 5000";
            pragma.ExecuteNonQuery();
        }
        var command = _connection.CreateCommand();
        command.CommandText = "SELECT version FROM config_version WHERE id = 0";
        command.Prepare();
        return command;
    }

    private void Close()
    {
        _command?.Dispose();
        _command = null;
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Close();
        }
    }
}
