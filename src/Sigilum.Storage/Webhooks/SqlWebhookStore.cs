using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Webhooks;

/// <summary>Webhooks; their delivery queue is in <c>SqlWebhookStore.Deliveries.cs</c>.</summary>
internal sealed partial class SqlWebhookStore(RelationalDatabase database, IDeliveryLease lease) : IWebhookStore
{
    private readonly string _listSql =
        $"SELECT {WebhookRows.Columns} FROM webhooks WHERE namespace = @ns AND (@service IS NULL OR service_id = @service) ORDER BY created_at, id{database.Dialect.ByteOrder}";

    public Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return database.ExecuteAsync(Durability.Normal,
            $"INSERT INTO webhooks({WebhookRows.Columns}) VALUES (@id, @service, @ns, @url, @events, @secret, @active, @created)",
            c => c.With("@id", webhook.Id).With("@service", webhook.ServiceId).With("@ns", webhook.Namespace).With("@url", webhook.Url)
                .With("@events", webhook.Events).With("@secret", webhook.SealedSecret)
                .With("@active", webhook.Active).With("@created", webhook.CreatedAt),
            cancellationToken);
    }

    public async Task<WebhookRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await database.QueryAsync($"SELECT {WebhookRows.Columns} FROM webhooks WHERE id = @id", c => c.With("@id", id), WebhookRows.Read, cancellationToken))
        .SingleOrDefault();

    public async Task<IReadOnlyList<WebhookRecord>> ListAsync(string ns, string? serviceId, CancellationToken cancellationToken = default) =>
        await database.QueryAsync(_listSql, c => c.With("@ns", ns).With("@service", serviceId), WebhookRows.Read, cancellationToken);

    /// <summary>Deletes the webhook and its queued deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync(Durability.Normal, "DELETE FROM webhooks WHERE id = @id", c => c.With("@id", id), cancellationToken) == 1;
}
