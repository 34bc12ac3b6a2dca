using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Sqlite.Data;

namespace Sigilum.Storage.Sqlite.Webhooks;

/// <summary>Webhooks; their delivery queue is in <c>SqliteWebhookStore.Deliveries.cs</c>.</summary>
internal sealed partial class SqliteWebhookStore(SqliteDatabase database) : IWebhookStore
{
    public Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO webhooks({WebhookRows.Columns}) VALUES ($id, $service, $ns, $url, $events, $secret, $active, $created)",
            c => c.With("$id", webhook.Id).With("$service", webhook.ServiceId).With("$ns", webhook.Namespace).With("$url", webhook.Url)
                .With("$events", SqliteValues.ToJson(webhook.Events)).With("$secret", webhook.SealedSecret)
                .With("$active", webhook.Active ? 1 : 0).With("$created", SqliteValues.ToDb(webhook.CreatedAt)),
            cancellationToken);
    }

    public async Task<WebhookRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {WebhookRows.Columns} FROM webhooks WHERE id = $id", c => c.With("$id", id), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<WebhookRecord>> ListAsync(string ns, string? serviceId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {WebhookRows.Columns} FROM webhooks WHERE namespace = $ns AND ($service IS NULL OR service_id = $service) ORDER BY created_at, id",
            c => c.With("$ns", ns).With("$service", serviceId), cancellationToken);

    /// <summary>Deletes the webhook and its queued deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, "DELETE FROM webhooks WHERE id = $id", c => c.With("$id", id), cancellationToken) == 1;

    private Task<IReadOnlyList<WebhookRecord>> QueryAsync(string sql, Action<Microsoft.Data.Sqlite.SqliteCommand> bind, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WebhookRecord>>(async connection =>
        {
            await using var command = connection.Sql(sql);
            bind(command);
            return await command.ReadAllAsync(WebhookRows.Read, cancellationToken);
        }, cancellationToken);
}
