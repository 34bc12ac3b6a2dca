using Sigilum.Core.Webhooks;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Webhooks;

/// <summary>Webhooks; their delivery queue is in <c>SqliteWebhookStore.Deliveries.cs</c>.</summary>
internal sealed partial class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
{
    private const string Columns = "id, service_id, namespace, url, events, sealed_secret, active, created_at";

    public Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO webhooks({Columns}) VALUES ($id, $service, $ns, $url, $events, $secret, $active, $created)",
            c => c.With("$id", webhook.Id).With("$service", webhook.ServiceId).With("$ns", webhook.Namespace).With("$url", webhook.Url)
                .With("$events", SqliteValues.ToJson(webhook.Events)).With("$secret", webhook.SealedSecret)
                .With("$active", webhook.Active ? 1 : 0).With("$created", SqliteValues.ToDb(webhook.CreatedAt)),
            cancellationToken);
    }

    public async Task<WebhookRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {Columns} FROM webhooks WHERE id = $id", c => c.With("$id", id), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<WebhookRecord>> ListAsync(string ns, string? serviceId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {Columns} FROM webhooks WHERE namespace = $ns AND ($service IS NULL OR service_id = $service) ORDER BY created_at, id",
            c => c.With("$ns", ns).With("$service", serviceId), cancellationToken);

    /// <summary>Deletes the webhook and its queued deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, "DELETE FROM webhooks WHERE id = $id", c => c.With("$id", id), cancellationToken) == 1;

    private Task<IReadOnlyList<WebhookRecord>> QueryAsync(string sql, Action<Microsoft.Data.Sqlite.SqliteCommand> bind, CancellationToken cancellationToken) =>
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
                    SealedSecret = reader.Bytes(5),
                    Active = reader.GetInt64(6) != 0,
                    CreatedAt = reader.Time(7),
                });
            }
            return webhooks;
        }, cancellationToken);
}
