using System.Text.Json;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>The dispatcher loop itself, its lease across instances and its timeout.</summary>
public sealed class WebhookDispatcherTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task BackgroundLoop_Enabled_DeliversAsSoonAsAClaimChanges()
    {
        await using var cp = await WebhookHarness.StartAsync(o => o.DispatcherEnabled = true);
        var (token, serviceKey) = await cp.SetUpServiceAsync("alice", "openai");
        var (_, secret) = await cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url);

        var claimId = await cp.SubmitClaimAsync("alice", serviceKey, "openai");

        var delivery = await _receiver.NextAsync(TimeSpan.FromSeconds(10));
        Assert.True(delivery.VerifiesWith(secret, cp.Time.GetUtcNow()));
        Assert.Equal(claimId, delivery.Json().GetProperty("data").GetProperty("claim_id").GetString());
    }

    [Fact]
    public async Task RunDue_TwoInstancesOnOneDatabase_SendEachDeliveryOnce()
    {
        await using var cp = await WebhookHarness.StartAsync();
        await using var other = await cp.StartAnotherInstanceAsync();
        var (token, serviceKey) = await cp.SetUpServiceAsync("alice", "openai");
        await cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url, ["request.submitted"]);
        for (var i = 0; i < 5; i++)
        {
            await cp.SubmitClaimAsync("alice", serviceKey, "openai");
        }
        var otherDispatcher = (WebhookDispatcher)other.Services.GetService(typeof(WebhookDispatcher))!;

        var counts = await Task.WhenAll(cp.RunDueAsync(), otherDispatcher.RunDueAsync(), cp.RunDueAsync(), otherDispatcher.RunDueAsync());

        Assert.Equal(5, counts.Sum());
        Assert.Equal(5, _receiver.Received.Select(r => r.Header("X-Sigilum-Delivery-Id")).Distinct().Count());
        Assert.Equal(5, _receiver.Received.Count);
    }

    [Fact]
    public async Task RunDue_ReceiverDoesNotAnswerInTime_RecordsTimeoutAndReschedules()
    {
        await using var cp = await WebhookHarness.StartAsync(o => o.TimeoutSeconds = 1);
        var (token, serviceKey) = await cp.SetUpServiceAsync("alice", "openai");
        var (webhookId, _) = await cp.CreateWebhookAsync(token, "alice", "openai", _receiver.Url, ["request.submitted"]);
        await cp.SubmitClaimAsync("alice", serviceKey, "openai");
        _receiver.Hang();

        Assert.Equal(1, await cp.RunDueAsync());

        var state = Assert.Single((await cp.DeliveriesAsync(token, "alice", "openai", webhookId)).EnumerateArray());
        Assert.Equal(("pending", "timeout", JsonValueKind.Null), (state.GetProperty("status").GetString(), state.GetProperty("last_error").GetString(), state.GetProperty("last_status_code").ValueKind));
    }
}
