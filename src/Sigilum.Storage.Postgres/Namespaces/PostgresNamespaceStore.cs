using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Namespaces;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Namespaces;

/// <summary>Namespaces and owners.</summary>
internal sealed class PostgresNamespaceStore(PostgresDatabase database) : INamespaceStore
{
    private const string OwnerColumns = "id, namespace, email, password_hash, public_key, created_at";

    public Task<bool> CreateAsync(NamespaceRecord ns, OwnerRecord owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(owner);
        return database.WriteAsync(async (connection, transaction) =>
        {
            await using (var insert = connection.Sql(
                "INSERT INTO namespaces(name, owner_id, created_at) VALUES (@name, @owner, @at) ON CONFLICT (name) DO NOTHING", transaction)
                .With("name", ns.Name).With("owner", ns.OwnerId).With("at", PostgresValues.ToDb(ns.CreatedAt)))
            {
                if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }
            await using var owners = connection.Sql(
                $"INSERT INTO owners({OwnerColumns}) VALUES (@id, @ns, @email, @hash, @key, @at)", transaction)
                .With("id", owner.Id).With("ns", owner.Namespace).With("email", NpgsqlDbType.Text, owner.Email)
                .With("hash", NpgsqlDbType.Text, owner.PasswordHash).With("key", NpgsqlDbType.Text, owner.PublicKey)
                .With("at", PostgresValues.ToDb(owner.CreatedAt));
            await owners.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql("SELECT name, owner_id, created_at FROM namespaces WHERE name = @name").With("name", name);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new NamespaceRecord { Name = reader.GetString(0), OwnerId = reader.GetString(1), CreatedAt = reader.Time(2) }
                : null;
        }, cancellationToken);

    public Task<OwnerRecord?> GetOwnerAsync(string ownerId, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {OwnerColumns} FROM owners WHERE id = @id").With("id", ownerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadOwner(reader) : null;
        }, cancellationToken);

    public Task SetOwnerPasswordHashAsync(string ownerId, string? passwordHash, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync("UPDATE owners SET password_hash = @hash WHERE id = @id",
            c => c.With("hash", NpgsqlDbType.Text, passwordHash).With("id", ownerId), cancellationToken);

    private static OwnerRecord ReadOwner(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Namespace = reader.GetString(1),
        Email = reader.StringOrNull(2),
        PasswordHash = reader.StringOrNull(3),
        PublicKey = reader.StringOrNull(4),
        CreatedAt = reader.Time(5),
    };
}
