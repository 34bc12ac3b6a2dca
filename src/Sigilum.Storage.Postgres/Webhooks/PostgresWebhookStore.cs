using NpgsqlTypes;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Webhooks;

/// <summary>Webhooks; their delivery queue is in <c>PostgresWebhookStore.Deliveries.cs</c>.</summary>
internal sealed partial class PostgresWebhookStore(PostgresDatabase database) : IWebhookStore
{
    public Task CreateAsync(WebhookRecord webhook, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        return database.ExecuteAsync(
            $"INSERT INTO webhooks({WebhookRows.Columns}) VALUES (@id, @service, @ns, @url, @events, @secret, @active, @created)",
            c => c.With("id", webhook.Id).With("service", webhook.ServiceId).With("ns", webhook.Namespace).With("url", webhook.Url)
                .With("events", PostgresValues.ToDb(webhook.Events)).With("secret", webhook.SealedSecret)
                .With("active", webhook.Active).With("created", PostgresValues.ToDb(webhook.CreatedAt)),
            cancellationToken);
    }

    public async Task<WebhookRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        (await QueryAsync($"SELECT {WebhookRows.Columns} FROM webhooks WHERE id = @id", c => c.With("id", id), cancellationToken)).SingleOrDefault();

    public Task<IReadOnlyList<WebhookRecord>> ListAsync(string ns, string? serviceId, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {WebhookRows.Columns} FROM webhooks WHERE namespace = @ns AND (@service::text IS NULL OR service_id = @service) ORDER BY created_at, id COLLATE \"C\"",
            c => c.With("ns", ns).With("service", NpgsqlDbType.Text, serviceId), cancellationToken);

    /// <summary>Deletes the webhook and its queued deliveries (foreign-key cascade).</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        await database.ExecuteAsync("DELETE FROM webhooks WHERE id = @id", c => c.With("id", id), cancellationToken) == 1;

    private Task<IReadOnlyList<WebhookRecord>> QueryAsync(string sql, Action<Npgsql.NpgsqlCommand> bind, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<WebhookRecord>>(async connection =>
        {
            await using var command = connection.Sql(sql);
            bind(command);
            return await command.ReadAllAsync(WebhookRows.Read, cancellationToken);
        }, cancellationToken);
}
