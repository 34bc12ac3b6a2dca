using Sigilum.Core.Generations;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Generations;

/// <summary>The one-row generation counter (reliability STO-15); one statement, so instances sharing the database never lose a raise.</summary>
internal sealed class PostgresStoreGenerationStore(PostgresDatabase database, TimeProvider time) : IStoreGenerationStore
{
    public Task<long> GetAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql("SELECT generation FROM store_generation WHERE id = 1");
            return await command.ExecuteScalarAsync(cancellationToken) is long generation ? generation : 0L;
        }, cancellationToken);

    public Task<long> AdvanceAsync(long atLeast, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await using var command = connection.Sql("""
                INSERT INTO store_generation(id, generation, updated_at) VALUES (1, GREATEST(1, @min), @t)
                ON CONFLICT (id) DO UPDATE SET generation = GREATEST(store_generation.generation + 1, @min), updated_at = @t
                RETURNING generation
                """, transaction).With("min", atLeast).With("t", PostgresValues.ToDb(time.GetUtcNow()));
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
}
