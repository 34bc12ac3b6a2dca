using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Services;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Services;

/// <summary>Services (slug unique per namespace) and their API keys.</summary>
internal sealed partial class PostgresServiceStore(PostgresDatabase database) : IServiceStore
{
    private const string Columns = "id, namespace, slug, name, description, upstream_hosts, created_at, updated_at";

    public async Task<bool> CreateAsync(ServiceRecord service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        // Only the (namespace, slug) conflict is an expected outcome; a duplicate id is a bug and throws.
        return await database.ExecuteAsync($"""
            INSERT INTO services({Columns}) VALUES (@id, @ns, @slug, @name, @description, @hosts, @created, @updated)
            ON CONFLICT (namespace, slug) DO NOTHING
            """, c => c
            .With("id", service.Id).With("ns", service.Namespace).With("slug", service.Slug).With("name", service.Name)
            .With("description", NpgsqlDbType.Text, service.Description).With("hosts", PostgresValues.ToDb(service.UpstreamHosts))
            .With("created", PostgresValues.ToDb(service.CreatedAt)).With("updated", PostgresValues.ToDb(service.UpdatedAt)),
            cancellationToken) == 1;
    }

    public Task<ServiceRecord?> GetAsync(string ns, string slug, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM services WHERE namespace = @ns AND slug = @slug")
                .With("ns", ns).With("slug", slug);
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<ServiceRecord?> GetByIdAsync(string id, CancellationToken cancellationToken = default) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM services WHERE id = @id").With("id", id);
            return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<ServiceRecord>> ListAsync(string ns, CancellationToken cancellationToken = default) =>
        database.ReadAsync<IReadOnlyList<ServiceRecord>>(async connection =>
        {
            await using var command = connection.Sql($"SELECT {Columns} FROM services WHERE namespace = @ns ORDER BY slug COLLATE \"C\"").With("ns", ns);
            return await ReadAllAsync(command, cancellationToken);
        }, cancellationToken);

    public async Task<bool> UpdateAsync(ServiceRecord service, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        return await database.ExecuteAsync(
            "UPDATE services SET name = @name, description = @description, upstream_hosts = @hosts, updated_at = @updated WHERE id = @id",
            c => c.With("name", service.Name).With("description", NpgsqlDbType.Text, service.Description)
                .With("hosts", PostgresValues.ToDb(service.UpstreamHosts)).With("updated", PostgresValues.ToDb(service.UpdatedAt))
                .With("id", service.Id),
            cancellationToken) == 1;
    }

    /// <summary>Deletes the service with its keys, webhooks and their deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM services WHERE id = @id", c => c.With("id", id), cancellationToken) == 1;

    private static async Task<List<ServiceRecord>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var services = new List<ServiceRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            services.Add(new ServiceRecord
            {
                Id = reader.GetString(0),
                Namespace = reader.GetString(1),
                Slug = reader.GetString(2),
                Name = reader.GetString(3),
                Description = reader.StringOrNull(4),
                UpstreamHosts = reader.StringList(5),
                CreatedAt = reader.Time(6),
                UpdatedAt = reader.Time(7),
            });
        }
        return services;
    }
}
