namespace Sigilum.ControlPlane.Webhooks;

/// <summary>Webhook delivery settings (section <c>ControlPlane:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Lets webhooks target loopback, private, link-local and other non-public addresses. Off by default:
    /// a webhook URL is chosen by a namespace owner, and without this guard it would let any owner make
    /// the control plane send requests into its own network (SSRF, e.g. cloud metadata at 169.254.169.254).
    /// Turn on only for a control plane and receivers on one trusted machine or network (tests, <c>sigilum up</c>).
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// Runs the background dispatcher on this instance. Instances that should only serve the API (or tests
    /// that drive deliveries themselves) turn it off; deliveries wait in the database for an instance that
    /// runs it.
    /// </summary>
    public bool DispatcherEnabled { get; set; } = true;

    /// <summary>How often the dispatcher looks for due deliveries when nothing wakes it sooner.</summary>
    public int PollIntervalSeconds { get; set; } = 5;

    /// <summary>Time allowed for one delivery attempt, from connecting to the receiver's response headers.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public void Validate()
    {
        if (PollIntervalSeconds is < 1 or > 300 || TimeoutSeconds is < 1 or > 60)
        {
            throw new InvalidOperationException("ControlPlane:Webhooks:PollIntervalSeconds must be 1-300 and TimeoutSeconds 1-60.");
        }
    }
}
