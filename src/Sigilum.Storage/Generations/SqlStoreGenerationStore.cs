using Sigilum.Core.Generations;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Generations;

/// <summary>
/// The one-row generation counter (reliability STO-15): one statement, so instances sharing the database never lose
/// a raise. Durable (full sync): a generation that a power cut takes back would look like a rollback.
/// </summary>
internal sealed class SqlStoreGenerationStore(RelationalDatabase database, TimeProvider time) : IStoreGenerationStore
{
    private readonly string _advanceSql = $"""
        INSERT INTO store_generation(id, generation, updated_at) VALUES (1, {database.Dialect.Greatest("1", "@min")}, @t)
        ON CONFLICT (id) DO UPDATE SET generation = {database.Dialect.Greatest("store_generation.generation + 1", "@min")}, updated_at = @t
        RETURNING generation
        """;

    public Task<long> GetAsync(CancellationToken cancellationToken = default) =>
        database.ReadAsync(async session =>
        {
            await using var command = session.Sql("SELECT generation FROM store_generation WHERE id = 1");
            return await command.ScalarLongAsync(cancellationToken);
        }, cancellationToken);

    public Task<long> AdvanceAsync(long atLeast, CancellationToken cancellationToken = default) =>
        database.WriteAsync(Durability.Full, async session =>
        {
            await using var command = session.Sql(_advanceSql).With("@min", atLeast).With("@t", time.GetUtcNow());
            return await command.ScalarLongAsync(cancellationToken);
        }, cancellationToken);
}
