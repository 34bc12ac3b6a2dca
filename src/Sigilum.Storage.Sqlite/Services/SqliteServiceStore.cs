using Sigilum.Core.Services;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Services;

/// <summary>Services (slug unique per namespace) and their API keys.</summary>
internal sealed partial class SqliteServiceStore(SqliteDatabase database) : IServiceStore
{
    public async Task<bool> CreateAsync(ServiceRecord service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        // Only the (namespace, slug) conflict is an expected outcome; a duplicate id is a bug and throws.
        return await database.ExecuteAsync(Durability.Normal, $"""
            INSERT INTO services({ServiceRows.Columns}) VALUES ($id, $ns, $slug, $name, $description, $hosts, $created, $updated)
            ON CONFLICT (namespace, slug) DO NOTHING
            """, c => c
            .With("$id", service.Id).With("$ns", service.Namespace).With("$slug", service.Slug).With("$name", service.Name)
            .With("$description", service.Description).With("$hosts", SqliteValues.ToJson(service.UpstreamHosts))
            .With("$created", SqliteValues.ToDb(service.CreatedAt)).With("$updated", SqliteValues.ToDb(service.UpdatedAt)),
            cancellationToken) == 1;
    }

    public Task<ServiceRecord?> GetAsync(string ns, string slug, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {ServiceRows.Columns} FROM services WHERE namespace = $ns AND slug = $slug")
                .With("$ns", ns).With("$slug", slug);
            return (await command.ReadAllAsync(ServiceRows.Read, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<ServiceRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {ServiceRows.Columns} FROM services WHERE id = $id").With("$id", id);
            return (await command.ReadAllAsync(ServiceRows.Read, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<ServiceRecord>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ServiceRecord>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {ServiceRows.Columns} FROM services WHERE namespace = $ns ORDER BY slug").With("$ns", ns);
            return await command.ReadAllAsync(ServiceRows.Read, cancellationToken);
        }, cancellationToken);

    public async Task<bool> UpdateAsync(ServiceRecord service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        return await database.ExecuteAsync(Durability.Normal,
            "UPDATE services SET name = $name, description = $description, upstream_hosts = $hosts, updated_at = $updated WHERE id = $id",
            c => c.With("$name", service.Name).With("$description", service.Description)
                .With("$hosts", SqliteValues.ToJson(service.UpstreamHosts)).With("$updated", SqliteValues.ToDb(service.UpdatedAt))
                .With("$id", service.Id),
            cancellationToken) == 1;
    }

    /// <summary>Deletes the service with its keys, webhooks and their deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Full, "DELETE FROM services WHERE id = $id", c => c.With("$id", id), cancellationToken) == 1;
}
