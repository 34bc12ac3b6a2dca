using System.Net.Http.Json;
using System.Text.Json;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>Deliveries end to end: claim change → durable queue → signed POST to a real receiver, on a fake clock.</summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private WebhookHarness _cp = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _cp = await WebhookHarness.StartAsync();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _cp.DisposeAsync();
    }

    [Fact]
    public async Task RunDue_SubmittedAndApproved_ReceiverGetsSignedDeliveries()
    {
        var (token, serviceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (webhookId, secret) = await _cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url);
        var claimId = await _cp.SubmitClaimAsync("alice", serviceKey, "openai");
        (await _cp.Owner(token).PostAsJsonAsync($"v1/claims/{claimId}/approve", new { })).EnsureSuccessStatusCode();

        Assert.Equal(2, await _cp.RunDueAsync());

        var received = _receiver.Received.OrderBy(r => r.Json().GetProperty("event").GetString() == "request.approved").ToList();
        Assert.Equal(new[] { "request.submitted", "request.approved" }, received.Select(r => r.Header("X-Sigilum-Event")));
        foreach (var delivery in received)
        {
            Assert.True(delivery.VerifiesWith(secret, _cp.Time.GetUtcNow()));
            Assert.Equal("application/json", delivery.Header("Content-Type"));
            Assert.Equal(webhookId, delivery.Header("X-Sigilum-Webhook-Id"));
            Assert.Equal(_cp.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), delivery.Header("X-Sigilum-Timestamp"));
            var body = delivery.Json();
            Assert.Equal(delivery.Header("X-Sigilum-Delivery-Id"), body.GetProperty("delivery_id").GetString());
            Assert.Equal(claimId, body.GetProperty("data").GetProperty("claim_id").GetString());
            Assert.Equal("alice", body.GetProperty("data").GetProperty("namespace").GetString());
            Assert.Equal("openai", body.GetProperty("data").GetProperty("service").GetString());
        }
        Assert.Equal("approved", received[1].Json().GetProperty("data").GetProperty("status").GetString());
        var log = await _cp.DeliveriesAsync(token, "alice", "openai", webhookId);
        Assert.All(log.EnumerateArray(), d => Assert.Equal(("delivered", 1, 200), (d.GetProperty("status").GetString(), d.GetProperty("attempt").GetInt32(), d.GetProperty("last_status_code").GetInt32())));
    }

    [Fact]
    public async Task RunDue_SignedDeliveryReplayedLaterOrTampered_FailsReceiverCheck()
    {
        var (token, serviceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (_, secret) = await _cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url);
        await _cp.SubmitClaimAsync("alice", serviceKey, "openai");
        await _cp.RunDueAsync();
        var delivery = Assert.Single(_receiver.Received);
        var now = _cp.Time.GetUtcNow();
        var (timestamp, signature) = (delivery.Header("X-Sigilum-Timestamp"), delivery.Header("X-Sigilum-Signature"));

        Assert.True(WebhookSignature.Verify(secret, timestamp, delivery.Body, signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, timestamp, delivery.Body, signature, now.AddMinutes(6), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(secret, timestamp, delivery.Body.Replace("alice", "mallory", StringComparison.Ordinal), signature, now, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("another-secret-of-16+", timestamp, delivery.Body, signature, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task RunDue_ReceiverFailsThenSucceeds_RetriesAfterBackoffThenStops()
    {
        var (token, serviceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (webhookId, secret) = await _cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url, ["request.submitted"]);
        await _cp.SubmitClaimAsync("alice", serviceKey, "openai");
        _receiver.Respond(500);
        var first = _cp.Time.GetUtcNow();

        Assert.Equal(1, await _cp.RunDueAsync());
        var pending = Assert.Single((await _cp.DeliveriesAsync(token, "alice", "openai", webhookId)).EnumerateArray());
        Assert.Equal(("pending", 1, 500, "http_500"), (pending.GetProperty("status").GetString(), pending.GetProperty("attempt").GetInt32(),
            pending.GetProperty("last_status_code").GetInt32(), pending.GetProperty("last_error").GetString()));
        Assert.Equal(first.AddSeconds(30).ToUnixTimeSeconds(), pending.GetProperty("next_attempt_at").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Equal(0, await _cp.RunDueAsync()); // not due yet

        _cp.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await _cp.RunDueAsync());
        _cp.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _cp.RunDueAsync());

        Assert.Equal(2, _receiver.Received.Count);
        Assert.True(_receiver.Received[1].VerifiesWith(secret, _cp.Time.GetUtcNow().AddHours(-2)));
        Assert.NotEqual(_receiver.Received[0].Header("X-Sigilum-Timestamp"), _receiver.Received[1].Header("X-Sigilum-Timestamp"));
        Assert.Equal(_receiver.Received[0].Header("X-Sigilum-Delivery-Id"), _receiver.Received[1].Header("X-Sigilum-Delivery-Id"));
        var delivered = Assert.Single((await _cp.DeliveriesAsync(token, "alice", "openai", webhookId)).EnumerateArray());
        Assert.Equal(("delivered", 2, JsonValueKind.Null), (delivered.GetProperty("status").GetString(), delivered.GetProperty("attempt").GetInt32(), delivered.GetProperty("next_attempt_at").ValueKind));
    }

    [Fact]
    public async Task RunDue_ReceiverAlwaysFails_GivesUpAtTwentyFourHours()
    {
        var (token, serviceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (webhookId, _) = await _cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url, ["request.submitted"]);
        await _cp.SubmitClaimAsync("alice", serviceKey, "openai");
        var first = _cp.Time.GetUtcNow();
        var attempts = 0;

        for (var round = 0; round < 100; round++)
        {
            _receiver.Respond(503);
            attempts += await _cp.RunDueAsync();
            var state = Assert.Single((await _cp.DeliveriesAsync(token, "alice", "openai", webhookId)).EnumerateArray());
            if (state.GetProperty("status").GetString() != "pending")
            {
                Assert.Equal("failed", state.GetProperty("status").GetString());
                break;
            }
            _cp.Time.SetUtcNow(state.GetProperty("next_attempt_at").GetDateTimeOffset());
        }

        // 0, 30 s, 1.5 m, 3.5 m, 7.5 m, 15.5 m, 31.5 m, 63.5 m, then hourly, and a last one at exactly 24 h.
        Assert.Equal(_cp.Time.GetUtcNow(), first + TimeSpan.FromHours(24));
        Assert.Equal(31, attempts);
        Assert.Equal(attempts, _receiver.Received.Count);
        _cp.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await _cp.RunDueAsync());
    }

    [Fact]
    public async Task RunDue_AfterHostRestart_SendsDeliveryQueuedBefore()
    {
        var (token, serviceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (_, secret) = await _cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url, ["request.submitted"]);
        var claimId = await _cp.SubmitClaimAsync("alice", serviceKey, "openai");

        await _cp.RestartAsync();
        Assert.Equal(1, await _cp.RunDueAsync());

        var delivery = Assert.Single(_receiver.Received);
        Assert.True(delivery.VerifiesWith(secret, _cp.Time.GetUtcNow()));
        Assert.Equal(claimId, delivery.Json().GetProperty("data").GetProperty("claim_id").GetString());
    }

    [Fact]
    public async Task RunDue_ReceiverRedirects_RedirectIsNotFollowed()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync();
        var (token, serviceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (webhookId, _) = await _cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url, ["request.submitted"]);
        _receiver.Respond(307, elsewhere.Url);
        await _cp.SubmitClaimAsync("alice", serviceKey, "openai");

        await _cp.RunDueAsync();

        Assert.Single(_receiver.Received);
        Assert.Empty(elsewhere.Received);
        var state = Assert.Single((await _cp.DeliveriesAsync(token, "alice", "openai", webhookId)).EnumerateArray());
        Assert.Equal(("pending", 307), (state.GetProperty("status").GetString(), state.GetProperty("last_status_code").GetInt32()));
    }

    [Fact]
    public async Task Enqueue_OtherNamespaceSameSlugOrUnsubscribedEvent_QueuesNothing()
    {
        var (aliceToken, aliceKey) = await _cp.SetUpServiceAsync("alice", "openai");
        var (_, bobKey) = await _cp.SetUpServiceAsync("bobby", "openai");
        await _cp.CreateWebhookAsync(aliceToken, "alice", "openai", _receiver.Url, ["request.approved"]);

        await _cp.SubmitClaimAsync("bobby", bobKey, "openai");       // another tenant's service with the same slug
        var claimId = await _cp.SubmitClaimAsync("alice", aliceKey, "openai"); // not subscribed to request.submitted
        Assert.Equal(0, await _cp.RunDueAsync());

        (await _cp.Owner(aliceToken).PostAsJsonAsync($"v1/claims/{claimId}/approve", new { })).EnsureSuccessStatusCode();
        Assert.Equal(1, await _cp.RunDueAsync());
        Assert.Equal("request.approved", Assert.Single(_receiver.Received).Header("X-Sigilum-Event"));
    }
}
