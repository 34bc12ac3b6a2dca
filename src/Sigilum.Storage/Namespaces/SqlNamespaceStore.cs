using Sigilum.Core.Namespaces;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Namespaces;

/// <summary>Namespaces and owners.</summary>
internal sealed class SqlNamespaceStore(RelationalDatabase database) : INamespaceStore
{
    public Task<bool> CreateAsync(NamespaceRecord ns, OwnerRecord owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(owner);
        return database.WriteAsync(Durability.Normal, async session =>
        {
            await using (var insert = session.Sql("INSERT INTO namespaces(name, owner_id, created_at) VALUES (@name, @owner, @at) ON CONFLICT (name) DO NOTHING")
                .With("@name", ns.Name).With("@owner", ns.OwnerId).With("@at", ns.CreatedAt))
            {
                if (await insert.ExecuteAsync(cancellationToken) == 0)
                {
                    return false;
                }
            }
            await using var owners = session.Sql($"INSERT INTO owners({OwnerRows.Columns}) VALUES (@id, @ns, @email, @hash, @key, @at)")
                .With("@id", owner.Id).With("@ns", owner.Namespace).With("@email", owner.Email)
                .With("@hash", owner.PasswordHash).With("@key", owner.PublicKey).With("@at", owner.CreatedAt);
            await owners.ExecuteAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<NamespaceRecord?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {NamespaceRows.Columns} FROM namespaces WHERE name = @name",
            c => c.With("@name", name), NamespaceRows.Read, cancellationToken)).FirstOrDefault();

    public async Task<OwnerRecord?> GetOwnerAsync(string ownerId, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {OwnerRows.Columns} FROM owners WHERE id = @id",
            c => c.With("@id", ownerId), OwnerRows.Read, cancellationToken)).FirstOrDefault();

    /// <summary>Durable: a password change rolled back by a power cut would revive the old password.</summary>
    public Task SetOwnerPasswordHashAsync(string ownerId, string? passwordHash, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Full, "UPDATE owners SET password_hash = @hash WHERE id = @id",
            c => c.With("@hash", passwordHash).With("@id", ownerId), cancellationToken);
}
