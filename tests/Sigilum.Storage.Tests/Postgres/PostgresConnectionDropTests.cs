using Npgsql;
using Sigilum.Core.Nonces;
using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Postgres;

/// <summary>
/// Reliability STO-13 on the real server: the connection of a decision-path write is killed while the statement waits
/// inside its transaction. The call fails (so the gateway denies with 503, never "recorded"), nothing half-applied
/// remains, and the write is idempotent by key: retried, the nonce is recorded once and then seen as a replay.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionDropTests(PostgresServer server) : StoreTestBase(new PostgresProvider(server))
{
    [Fact]
    public async Task STO_13_ConnectionDroppedMidTransaction_WriteFails_ThenTheNonceIsAcceptedExactlyOnce()
    {
        await using var source = NpgsqlDataSource.Create(Location);
        await using var blocker = await source.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE nonces IN ACCESS EXCLUSIVE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var write = Store.Nonces.TryRecordAsync("acme", "nonce-13", T0.AddMinutes(5), T0);
        var victim = await WaitForBlockedBackendAsync(source, blocker.ProcessID);
        await using (var kill = source.CreateCommand($"SELECT pg_terminate_backend({victim})"))
        {
            Assert.True((bool)(await kill.ExecuteScalarAsync())!);
        }

        // Unknown outcome = failure: the caller denies rather than treating it as recorded.
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => write);
        await hold.RollbackAsync();
        Assert.Equal(NonceRecordResult.Recorded, await Store.Nonces.TryRecordAsync("acme", "nonce-13", T0.AddMinutes(5), T0));
        Assert.Equal(NonceRecordResult.Replayed, await Store.Nonces.TryRecordAsync("acme", "nonce-13", T0.AddMinutes(5), T0));
    }

    /// <summary>The backend of this database waiting on a lock (our write); polled, since the server only reports it once it waits.</summary>
    private static async Task<int> WaitForBlockedBackendAsync(NpgsqlDataSource source, int blocker)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            await using var find = source.CreateCommand(
                $"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> {blocker} LIMIT 1");
            if (await find.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("The write never waited on the lock.");
    }
}
