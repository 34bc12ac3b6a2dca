using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Nodes;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Nodes;

/// <summary>Registered gateways and vaults, one per ⟨namespace, key⟩.</summary>
internal sealed class PostgresNodeStore(PostgresDatabase database) : INodeStore
{
    private const string Columns = "id, namespace, kind, name, public_key, version, registered_at, last_seen_at";

    /// <summary>A re-registration with a known key keeps the stored id and first registration time and updates the rest.</summary>
    public Task<DataPlaneNode> RegisterAsync(DataPlaneNode node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        return database.ReadAsync(async connection =>
        {
            await using var upsert = connection.Sql($"""
                INSERT INTO nodes({Columns}) VALUES (@id, @ns, @kind, @name, @key, @version, @registered, @seen)
                ON CONFLICT (namespace, public_key) DO UPDATE SET
                    kind = excluded.kind, name = excluded.name, version = coalesce(excluded.version, nodes.version)
                RETURNING {Columns}
                """)
                .With("id", node.Id).With("ns", node.Namespace).With("kind", EnumText.Of(node.Kind)).With("name", node.Name)
                .With("key", node.PublicKey).With("version", NpgsqlDbType.Text, node.Version)
                .With("registered", PostgresValues.ToDb(node.RegisteredAt)).With("seen", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(node.LastSeenAt));
            return (await ReadAllAsync(upsert, cancellationToken)).Single();
        }, cancellationToken);
    }

    public Task<DataPlaneNode?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM nodes WHERE id = @id").With("id", id);
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<DataPlaneNode?> FindByKeyAsync(string ns, string publicKey, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM nodes WHERE namespace = @ns AND public_key = @key")
                .With("ns", ns).With("key", publicKey);
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<DataPlaneNode>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<DataPlaneNode>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM nodes WHERE namespace = @ns ORDER BY registered_at, id COLLATE \"C\"").With("ns", ns);
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    public Task TouchAsync(string id, DateTimeOffset now, string? version, CancellationToken cancellationToken = default) =>
        database.ExecuteAsync(
            "UPDATE nodes SET last_seen_at = @now, version = coalesce(@version, version) WHERE id = @id",
            c => c.With("now", PostgresValues.ToDb(now)).With("version", NpgsqlDbType.Text, version).With("id", id), cancellationToken);

    private static async Task<List<DataPlaneNode>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<DataPlaneNode>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new DataPlaneNode
            {
                Id = reader.GetString(0),
                Namespace = reader.GetString(1),
                Kind = EnumText.ToDataPlaneKind(reader.GetString(2)),
                Name = reader.GetString(3),
                PublicKey = reader.GetString(4),
                Version = reader.StringOrNull(5),
                RegisteredAt = reader.Time(6),
                LastSeenAt = reader.TimeOrNull(7),
            });
        }
        return nodes;
    }
}
