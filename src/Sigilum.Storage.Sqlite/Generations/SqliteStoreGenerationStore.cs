using Sigilum.Core.Generations;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Generations;

/// <summary>The one-row generation counter (reliability STO-15).</summary>
internal sealed class SqliteStoreGenerationStore(SqliteDatabase database, TimeProvider time) : IStoreGenerationStore
{
    public Task<long> GetAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql("SELECT generation FROM store_generation WHERE id = 1");
            return await command.ExecuteScalarAsync(cancellationToken) is long generation ? generation : 0L;
        }, cancellationToken);

    /// <summary>Durable (full sync): a generation that a power cut takes back would look like a rollback.</summary>
    public Task<long> AdvanceAsync(long atLeast, CancellationToken cancellationToken = default) =>
        database.WriteAsync(Durability.Full, async (connection, transaction) =>
        {
            await using var command = connection.Sql("""
                INSERT INTO store_generation(id, generation, updated_at) VALUES (1, max(1, $min), $t)
                ON CONFLICT (id) DO UPDATE SET generation = max(store_generation.generation + 1, $min), updated_at = $t
                RETURNING generation
                """, transaction).With("$min", atLeast).With("$t", SqliteValues.ToDb(time.GetUtcNow()));
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
}
