using Sigilum.Core.Webhooks;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// After an attempt: 2xx → delivered; otherwise retry after 30 s, 1 m, 2 m, 4 m … capped at 1 h, with a
/// last attempt exactly 24 h after the first, then failed. Permanent failures stop at once.
/// </summary>
internal static class WebhookRetryPolicy
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);
    public static readonly TimeSpan RetryWindow = TimeSpan.FromHours(24);

    /// <summary>Delay after the <paramref name="failedAttempts"/>-th failed attempt (1-based).</summary>
    public static TimeSpan Delay(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(failedAttempts);
        // 30 s · 2^(n-1); from n = 8 on it is past the cap anyway, so the shift never overflows.
        return failedAttempts >= 8 ? MaxDelay : TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << (failedAttempts - 1), MaxDelay.Ticks));
    }

    public static WebhookDelivery After(WebhookDelivery delivery, SendOutcome outcome, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(outcome);
        var attempted = delivery with { Attempt = delivery.Attempt + 1, LastStatusCode = outcome.StatusCode, LastError = outcome.Error };
        if (outcome.Succeeded)
        {
            return attempted with { Status = WebhookDeliveryStatus.Delivered, CompletedAt = now, NextAttemptAt = now };
        }
        var deadline = delivery.FirstAttemptAt + RetryWindow;
        if (outcome.Permanent || now >= deadline)
        {
            return attempted with { Status = WebhookDeliveryStatus.Failed, CompletedAt = now, NextAttemptAt = now };
        }
        var next = now + Delay(attempted.Attempt);
        return attempted with { NextAttemptAt = next < deadline ? next : deadline };
    }
}
