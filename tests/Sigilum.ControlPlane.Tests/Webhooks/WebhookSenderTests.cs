using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>The guard runs again at delivery time and the sender dials only what it approved.</summary>
public sealed class WebhookSenderTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendAsync_LoopbackTargetWithoutAllowPrivate_IsRefusedBeforeConnecting(bool byName)
    {
        using var sender = Sender(allowPrivate: false);
        var url = byName ? _receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) : _receiver.Url;

        var outcome = await sender.SendAsync(Message(url), CancellationToken.None);

        Assert.Equal((null, "target_not_allowed", true), (outcome.StatusCode, outcome.Error, outcome.Permanent));
        Assert.Empty(_receiver.Received);
    }

    [Fact]
    public async Task SendAsync_LoopbackTargetWithAllowPrivate_IsDelivered()
    {
        using var sender = Sender(allowPrivate: true);

        var outcome = await sender.SendAsync(Message(_receiver.Url), CancellationToken.None);

        Assert.True(outcome.Succeeded);
        var received = Assert.Single(_receiver.Received);
        Assert.Equal(("whd_1", "request.approved", "1700000000", "v1=00"), (received.Header("X-Sigilum-Delivery-Id"), received.Header("X-Sigilum-Event"),
            received.Header("X-Sigilum-Timestamp"), received.Header("X-Sigilum-Signature")));
    }

    [Fact]
    public async Task SendAsync_NothingListening_IsARetryableConnectionFailure()
    {
        using var sender = Sender(allowPrivate: true);

        var outcome = await sender.SendAsync(Message("http://127.0.0.1:1/hook"), CancellationToken.None);

        Assert.Equal((null, "connection_failed", false), (outcome.StatusCode, outcome.Error, outcome.Permanent));
    }

    private static WebhookSender Sender(bool allowPrivate)
    {
        var options = Options.Create(new ControlPlaneOptions());
        options.Value.Webhooks.AllowPrivateTargets = allowPrivate;
        return new WebhookSender(new WebhookTargetGuard(options), options);
    }

    private static WebhookMessage Message(string url) =>
        new(new Uri(url), "wh_1", "whd_1", "request.approved", 1_700_000_000, "v1=00", "{}"u8.ToArray());
}
