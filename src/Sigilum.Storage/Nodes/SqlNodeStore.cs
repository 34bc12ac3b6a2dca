using Sigilum.Core.Nodes;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Nodes;

/// <summary>Registered gateways and vaults, one per ⟨namespace, key⟩.</summary>
internal sealed class SqlNodeStore(RelationalDatabase database) : INodeStore
{
    private readonly string _listSql = $"SELECT {NodeRows.Columns} FROM nodes WHERE namespace = @ns ORDER BY registered_at, id{database.Dialect.ByteOrder}";

    /// <summary>
    /// A re-registration with a known key keeps the stored id and first registration time and updates the rest; one
    /// statement answers what it stored.
    /// </summary>
    public async Task<DataPlaneNode> RegisterAsync(DataPlaneNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (await database.QueryAsync(Durability.Normal, $"""
            INSERT INTO nodes({NodeRows.Columns}) VALUES (@id, @ns, @kind, @name, @key, @version, @registered, @seen)
            ON CONFLICT (namespace, public_key) DO UPDATE SET
                kind = excluded.kind, name = excluded.name, version = coalesce(excluded.version, nodes.version)
            RETURNING {NodeRows.Columns}
            """, c => c.With("@id", node.Id).With("@ns", node.Namespace).With("@kind", EnumText.Of(node.Kind)).With("@name", node.Name)
                .With("@key", node.PublicKey).With("@version", node.Version).With("@registered", node.RegisteredAt).With("@seen", node.LastSeenAt),
            NodeRows.Read, cancellationToken)).Single();
    }

    public async Task<DataPlaneNode?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {NodeRows.Columns} FROM nodes WHERE id = @id", c => c.With("@id", id), NodeRows.Read, cancellationToken))
        .SingleOrDefault();

    public async Task<DataPlaneNode?> FindByKeyAsync(string ns, string publicKey, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {NodeRows.Columns} FROM nodes WHERE namespace = @ns AND public_key = @key",
            c => c.With("@ns", ns).With("@key", publicKey), NodeRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<IReadOnlyList<DataPlaneNode>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listSql, c => c.With("@ns", ns), NodeRows.Read, cancellationToken);

    public Task TouchAsync(string id, DateTimeOffset now, string? version, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(Durability.Normal,
            "UPDATE nodes SET last_seen_at = @now, version = coalesce(@version, version) WHERE id = @id",
            c => c.With("@now", now).With("@version", version).With("@id", id), cancellationToken);
}
