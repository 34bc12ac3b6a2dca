using System.Globalization;
using Npgsql;

namespace Sigilum.Vault.Store.Postgres;

/// <summary>
/// One instance's view of the shared configuration version (ADR 0068): LISTEN on one dedicated connection for the
/// <c>NOTIFY</c> every change sends at commit (from any instance), and read the version right after LISTEN and on every
/// quiet <see cref="PostgresWatchOptions.PollInterval"/>, which covers what was committed while no one listened. The
/// proxy's per-request <see cref="Read"/> is a memory read. While the connection is down the watcher cannot vouch for
/// the version, so <see cref="Read"/> throws <see cref="StoreUnavailableException"/> (the proxy refuses with
/// <c>DB_UNAVAILABLE</c>) until a reconnect has read the version again: recovery needs no restart.
/// </summary>
internal sealed class PostgresConfigWatcher(NpgsqlDataSource source, PostgresWatchOptions options) : IConfigVersionSource
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;
    private volatile bool _available;
    private int _disposed;

    /// <summary>True while the listening connection is up and has read the version since it (re)connected.</summary>
    public bool IsAvailable => _available;

    /// <summary>Starts listening; completes once the version has been read, and throws when the store cannot be reached.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        return _started.Task.WaitAsync(cancellationToken);
    }

    public long Read()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _available
            ? Interlocked.Read(ref _version)
            : throw new StoreUnavailableException("The shared vault store (PostgreSQL) is unreachable.");
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Any failure of the connection means "cannot vouch": refuse until it answers again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _available = false;
                _started.TrySetException(new StoreUnavailableException("The shared vault store (PostgreSQL) cannot be reached.", ex));
            }
            try
            {
                await Task.Delay(options.RetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _available = false;
        // Disposed here, not in Dispose: this loop is the token's last user.
        _stopping.Dispose();
    }

    private async Task ListenAsync(CancellationToken stopping)
    {
        await using var connection = await source.OpenConnectionAsync(stopping);
        connection.Notification += (_, e) =>
        {
            if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                Advance(version);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresVaultEngine.Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(stopping);
        }
        // Listening from here on: whatever committed before is in this read, whatever commits after is notified.
        Advance(await ReadVersionAsync(connection, stopping));
        _available = true;
        _started.TrySetResult();
        while (true)
        {
            // Returns early when a notification arrives (the handler above has already advanced the version).
            if (!await connection.WaitAsync(options.PollInterval, stopping))
            {
                Advance(await ReadVersionAsync(connection, stopping));
            }
        }
    }

    private async Task<long> ReadVersionAsync(NpgsqlConnection connection, CancellationToken stopping)
    {
        await using var command = new NpgsqlCommand("SELECT version FROM config_version WHERE id = 0", connection)
        {
            CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.ReadTimeout.TotalSeconds)),
        };
        return (long)(await command.ExecuteScalarAsync(stopping))!;
    }

    /// <summary>Versions only grow: a late notification never moves the view back.</summary>
    private void Advance(long version)
    {
        var current = Interlocked.Read(ref _version);
        while (version > current)
        {
            var seen = Interlocked.CompareExchange(ref _version, version, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        _available = false;
        _stopping.Cancel();
    }
}
