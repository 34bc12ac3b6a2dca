using System.Security.Cryptography;
using Sigilum.Core.Nonces;
using Sigilum.Storage.Data;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Nonces;

/// <summary>
/// Replay protection shared by every instance on the database: one call of
/// <c>sigilum_try_record_nonce</c> (migration 0001) per attempt, which is one statement and so one
/// transaction and one round trip. Its insert is <c>INSERT … ON CONFLICT DO NOTHING</c> on the
/// ⟨scope, nonce⟩ key: of many concurrent attempts on any number of instances exactly one inserts
/// (RPL-09, RPL-10). Commits use the server's <c>synchronous_commit</c> (on by default: durable). A
/// failure throws and the caller denies (RPL-13).
/// </summary>
internal sealed class PostgresNonceStore(PostgresDatabase database, long capacity) : INonceStore
{
    /// <summary>Counter slots in <c>nonce_counts</c>; spreading inserts over them avoids one hot counter row.</summary>
    private const int Slots = 16;

    public async Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(nonce);
        var code = await database.OnConnectionAsync(async connection =>
        {
            await using var command = connection.Sql("SELECT sigilum_try_record_nonce(@scope, @nonce, @expires, @now, @capacity, @slot)")
                .With("scope", scope).With("nonce", nonce).With("expires", PostgresValues.ToDb(expiresAt)).With("now", PostgresValues.ToDb(now))
                .With("capacity", capacity).With("slot", (short)RandomNumberGenerator.GetInt32(Slots));
            return await command.ScalarLongAsync(cancellationToken);
        }, cancellationToken);
        return code switch
        {
            0 => NonceRecordResult.Recorded,
            1 => NonceRecordResult.Replayed,
            2 => NonceRecordResult.Full,
            _ => throw new InvalidDataException($"sigilum_try_record_nonce returned {code}."),
        };
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.OnConnectionAsync(async connection =>
        {
            await using var command = connection.Sql("SELECT sigilum_purge_nonces(@now)").With("now", PostgresValues.ToDb(now));
            return (int)await command.ScalarLongAsync(cancellationToken);
        }, cancellationToken);
}
