using Sigilum.Core.Services;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Services;

/// <summary>Services (slug unique per namespace) and their API keys (<c>SqlServiceStore.Keys.cs</c>).</summary>
internal sealed partial class SqlServiceStore(RelationalDatabase database) : IServiceStore
{
    private readonly string _listSql = $"SELECT {ServiceRows.Columns} FROM services WHERE namespace = @ns ORDER BY slug{database.Dialect.ByteOrder}";

    public async Task<bool> CreateAsync(ServiceRecord service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        // Only the (namespace, slug) conflict is an expected outcome; a duplicate id is a bug and throws.
        return await database.ExecuteAsync(Durability.Normal, $"""
            INSERT INTO services({ServiceRows.Columns}) VALUES (@id, @ns, @slug, @name, @description, @hosts, @created, @updated)
            ON CONFLICT (namespace, slug) DO NOTHING
            """, c => c
            .With("@id", service.Id).With("@ns", service.Namespace).With("@slug", service.Slug).With("@name", service.Name)
            .With("@description", service.Description).With("@hosts", service.UpstreamHosts)
            .With("@created", service.CreatedAt).With("@updated", service.UpdatedAt),
            cancellationToken) == 1;
    }

    public async Task<ServiceRecord?> GetAsync(string ns, string slug, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {ServiceRows.Columns} FROM services WHERE namespace = @ns AND slug = @slug",
            c => c.With("@ns", ns).With("@slug", slug), ServiceRows.Read, cancellationToken)).SingleOrDefault();

    public async Task<ServiceRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {ServiceRows.Columns} FROM services WHERE id = @id", c => c.With("@id", id), ServiceRows.Read, cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<ServiceRecord>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listSql, c => c.With("@ns", ns), ServiceRows.Read, cancellationToken);

    public async Task<bool> UpdateAsync(ServiceRecord service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        return await database.ExecuteAsync(Durability.Normal,
            "UPDATE services SET name = @name, description = @description, upstream_hosts = @hosts, updated_at = @updated WHERE id = @id",
            c => c.With("@name", service.Name).With("@description", service.Description)
                .With("@hosts", service.UpstreamHosts).With("@updated", service.UpdatedAt).With("@id", service.Id),
            cancellationToken) == 1;
    }

    /// <summary>Deletes the service with its keys, webhooks and their deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM services WHERE id = @id", c => c.With("@id", id), cancellationToken) == 1;
}
