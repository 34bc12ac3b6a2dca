using Sigilum.Core.Ids;
using Sigilum.Core.Webhooks;

namespace Sigilum.Storage.Conformance;

public abstract class WebhookStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private async Task<WebhookRecord> NewWebhookAsync(string? ns = null, string slug = "openai")
    {
        ns ??= await NewNamespaceAsync();
        var service = (await Store.Services.GetAsync(ns, slug)) ?? Records.Service(ns, slug, T0);
        await Store.Services.CreateAsync(service);
        var webhook = new WebhookRecord
        {
            Id = IdGenerator.New("wh_"),
            ServiceId = service.Id,
            Namespace = ns,
            Url = "https://hooks.example/sigilum",
            Events = ["request.approved", "request.revoked"],
            SealedSecret = [1, 2, 3, 250],
            CreatedAt = T0,
        };
        await Store.Webhooks.CreateAsync(webhook);
        return webhook;
    }

    [Fact]
    public async Task CreateAsync_Webhook_RoundTripsEveryField()
    {
        var webhook = await NewWebhookAsync();

        var read = await Store.Webhooks.GetAsync(webhook.Id);

        Assert.NotNull(read);
        Assert.Equal(webhook.Events, read.Events);
        Assert.Equal(webhook.SealedSecret, read.SealedSecret);
        Assert.Equal((webhook.ServiceId, webhook.Namespace, webhook.Url, true, T0), (read.ServiceId, read.Namespace, read.Url, read.Active, read.CreatedAt));
    }

    [Fact]
    public async Task ListAsync_NamespaceAndService_FiltersBoth()
    {
        var ns = await NewNamespaceAsync();
        var a = await NewWebhookAsync(ns, "openai");
        var b = await NewWebhookAsync(ns, "slack");
        await NewWebhookAsync();

        Assert.Equal(new[] { a.Id, b.Id }.Order(), (await Store.Webhooks.ListAsync(ns, null)).Select(w => w.Id).Order());
        Assert.Equal([b.Id], (await Store.Webhooks.ListAsync(ns, b.ServiceId)).Select(w => w.Id));
    }

    [Fact]
    public async Task DeleteAsync_Webhook_RemovesItAndItsDeliveries()
    {
        var webhook = await NewWebhookAsync();
        await Store.Webhooks.EnqueueAsync([Records.Delivery(webhook.Id, T0)]);

        Assert.True(await Store.Webhooks.DeleteAsync(webhook.Id));

        Assert.Null(await Store.Webhooks.GetAsync(webhook.Id));
        Assert.Empty(await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(1), 10));
        Assert.False(await Store.Webhooks.DeleteAsync(webhook.Id));
    }

    [Fact]
    public async Task LeaseDueAsync_DueAndNotDue_LeasesOnlyDuePendingOldestFirst()
    {
        var webhook = await NewWebhookAsync();
        var late = Records.Delivery(webhook.Id, T0.AddMinutes(-1));
        var early = Records.Delivery(webhook.Id, T0.AddMinutes(-5));
        var future = Records.Delivery(webhook.Id, T0.AddMinutes(5));
        var done = Records.Delivery(webhook.Id, T0.AddMinutes(-9)) with { Status = WebhookDeliveryStatus.Delivered, CompletedAt = T0 };
        await Store.Webhooks.EnqueueAsync([late, early, future, done]);

        var leased = await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(2), 10);

        Assert.Equal([early.Id, late.Id], leased.Select(d => d.Id));
        Assert.All(leased, d => Assert.Equal(T0.AddMinutes(2), d.NextAttemptAt));
        Assert.Equal(early with { NextAttemptAt = T0.AddMinutes(2) }, leased[0]);
    }

    [Fact]
    public async Task LeaseDueAsync_AlreadyLeased_NotLeasedAgainUntilTheLeaseEnds()
    {
        var webhook = await NewWebhookAsync();
        var delivery = Records.Delivery(webhook.Id, T0);
        await Store.Webhooks.EnqueueAsync([delivery]);
        await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(2), 10);

        Assert.Empty(await Store.Webhooks.LeaseDueAsync(T0.AddMinutes(1), T0.AddMinutes(3), 10));
        Assert.Equal([delivery.Id], (await Store.Webhooks.LeaseDueAsync(T0.AddMinutes(2), T0.AddMinutes(4), 10)).Select(d => d.Id));
    }

    [Fact]
    public async Task LeaseDueAsync_Limit_LeasesAtMostThatMany()
    {
        var webhook = await NewWebhookAsync();
        await Store.Webhooks.EnqueueAsync(Enumerable.Range(0, 5).Select(i => Records.Delivery(webhook.Id, T0.AddSeconds(-i))).ToList());

        Assert.Equal(3, (await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(1), 3)).Count);
        Assert.Equal(2, (await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(1), 3)).Count);
    }

    [Fact]
    public async Task LeaseDueAsync_ConcurrentWorkersOnFourInstances_NoDeliveryLeasedTwice()
    {
        var webhook = await NewWebhookAsync();
        var deliveries = Enumerable.Range(0, 60).Select(i => Records.Delivery(webhook.Id, T0.AddMilliseconds(-i))).ToList();
        await Store.Webhooks.EnqueueAsync(deliveries);
        var stores = await OpenManyAsync(4);

        var batches = await RaceAsync(8, async i =>
        {
            var mine = new List<string>();
            while (true)
            {
                var leased = await stores[i % 4].Webhooks.LeaseDueAsync(T0, T0.AddMinutes(5), 4);
                if (leased.Count == 0)
                {
                    return mine;
                }
                mine.AddRange(leased.Select(d => d.Id));
            }
        });

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(deliveries.Select(d => d.Id).Order(), all.Order());
    }

    [Fact]
    public async Task UpdateDeliveryAsync_Delivered_StoredAndNeverLeasedAgain()
    {
        var webhook = await NewWebhookAsync();
        var delivery = Records.Delivery(webhook.Id, T0);
        await Store.Webhooks.EnqueueAsync([delivery]);
        var leased = (await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(1), 1)).Single();
        var outcome = leased with { Attempt = 1, Status = WebhookDeliveryStatus.Delivered, LastStatusCode = 204, LastError = null, CompletedAt = T0.AddSeconds(1) };

        await Store.Webhooks.UpdateDeliveryAsync(outcome);

        Assert.Equal(outcome, (await Store.Webhooks.ListDeliveriesAsync(webhook.Id, 10)).Single());
        Assert.Empty(await Store.Webhooks.LeaseDueAsync(T0.AddDays(1), T0.AddDays(2), 10));
    }

    [Fact]
    public async Task UpdateDeliveryAsync_FailedAttemptRescheduled_LeasedAgainWhenDue()
    {
        var webhook = await NewWebhookAsync();
        await Store.Webhooks.EnqueueAsync([Records.Delivery(webhook.Id, T0)]);
        var leased = (await Store.Webhooks.LeaseDueAsync(T0, T0.AddMinutes(1), 1)).Single();

        await Store.Webhooks.UpdateDeliveryAsync(leased with { Attempt = 1, NextAttemptAt = T0.AddMinutes(5), LastStatusCode = 500, LastError = "HTTP 500" });

        Assert.Empty(await Store.Webhooks.LeaseDueAsync(T0.AddMinutes(4), T0.AddMinutes(6), 1));
        var again = (await Store.Webhooks.LeaseDueAsync(T0.AddMinutes(5), T0.AddMinutes(6), 1)).Single();
        Assert.Equal((1, 500, "HTTP 500"), (again.Attempt, again.LastStatusCode, again.LastError));
    }

    [Fact]
    public async Task ListDeliveriesAsync_Webhook_NewestFirstUpToLimit()
    {
        var webhook = await NewWebhookAsync();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var delivery = Records.Delivery(webhook.Id, T0.AddMinutes(i));
            ids.Add(delivery.Id);
            await Store.Webhooks.EnqueueAsync([delivery]);
        }

        Assert.Equal([ids[3], ids[2], ids[1]], (await Store.Webhooks.ListDeliveriesAsync(webhook.Id, 3)).Select(d => d.Id));
    }
}
