using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

public sealed class WebhookRetryPolicyTests
{
    private static readonly DateTimeOffset First = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(4, 240)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(30, 3600)]
    [InlineData(int.MaxValue, 3600)]
    public void Delay_AfterFailedAttempts_DoublesUpToOneHour(int failed, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), WebhookRetryPolicy.Delay(failed));

    [Fact]
    public void After_Success_IsDelivered()
    {
        var next = WebhookRetryPolicy.After(Pending(0), SendOutcome.Status(204), First);

        Assert.Equal((WebhookDeliveryStatus.Delivered, 1, 204, (string?)null), (next.Status, next.Attempt, next.LastStatusCode, next.LastError));
    }

    [Fact]
    public void After_FailureNearTheWindowEnd_LastAttemptIsAtTwentyFourHours()
    {
        var next = WebhookRetryPolicy.After(Pending(20), SendOutcome.Failure("timeout"), First.AddHours(23.5));

        Assert.Equal((WebhookDeliveryStatus.Pending, First.AddHours(24)), (next.Status, next.NextAttemptAt));
    }

    [Fact]
    public void After_FailureAtTwentyFourHours_IsFailed()
    {
        var next = WebhookRetryPolicy.After(Pending(30), SendOutcome.Status(500), First.AddHours(24));

        Assert.Equal((WebhookDeliveryStatus.Failed, "http_500"), (next.Status, next.LastError));
    }

    [Fact]
    public void After_PermanentFailure_IsFailedAtOnce()
    {
        var next = WebhookRetryPolicy.After(Pending(0), SendOutcome.GiveUp("target_not_allowed"), First);

        Assert.Equal(WebhookDeliveryStatus.Failed, next.Status);
    }

    private static WebhookDelivery Pending(int attempt) => new()
    {
        Id = "whd_1", WebhookId = "wh_1", Event = "request.approved", Body = "{}", Attempt = attempt,
        FirstAttemptAt = First, NextAttemptAt = First, Status = WebhookDeliveryStatus.Pending,
    };
}
