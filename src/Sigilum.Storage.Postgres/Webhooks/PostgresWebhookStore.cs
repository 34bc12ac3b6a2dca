using NpgsqlTypes;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Webhooks;

/// <summary>Webhooks; their delivery queue is in <c>PostgresWebhookStore.Deliveries.cs</c>.</summary>
internal sealed partial class PostgresWebhookStore(PostgresDatabase database) : IWebhookStore
{
    private const string Columns = "id, service_id, namespace, url, events, sealed_secret, active, created_at";

    public Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return database.ExecuteAsync(
            $"INSERT INTO webhooks({Columns}) VALUES (@id, @service, @ns, @url, @events, @secret, @active, @created)",
            c => c.With("id", webhook.Id).With("service", webhook.ServiceId).With("ns", webhook.Namespace).With("url", webhook.Url)
                .With("events", PostgresValues.ToDb(webhook.Events)).With("secret", webhook.SealedSecret)
                .With("active", webhook.Active).With("created", PostgresValues.ToDb(webhook.CreatedAt)),
            cancellationToken);
    }

    public async Task<WebhookRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM webhooks WHERE id = @id", c => c.With("id", id), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<WebhookRecord>> ListAsync(string ns, string? serviceId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM webhooks WHERE namespace = @ns AND (@service::text IS NULL OR service_id = @service) ORDER BY created_at, id COLLATE \"C\"",
            c => c.With("ns", ns).With("service", NpgsqlDbType.Text, serviceId), cancellationToken);

    /// <summary>Deletes the webhook and its queued deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM webhooks WHERE id = @id", c => c.With("id", id), cancellationToken) == 1;

    private Task<IReadOnlyList<WebhookRecord>> QueryAsync(string sql, Action<Npgsql.NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WebhookRecord>>(async connection =>
        {
            await using var command = connection.Sql(sql);
            bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var webhooks = new List<WebhookRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                webhooks.Add(new WebhookRecord
                {
                    Id = reader.GetString(0),
                    ServiceId = reader.GetString(1),
                    Namespace = reader.GetString(2),
                    Url = reader.GetString(3),
                    Events = reader.StringList(4),
                    SealedSecret = reader.GetFieldValue<byte[]>(5),
                    Active = reader.GetBoolean(6),
                    CreatedAt = reader.Time(7),
                });
            }
            return webhooks;
        }, cancellationToken);
}
