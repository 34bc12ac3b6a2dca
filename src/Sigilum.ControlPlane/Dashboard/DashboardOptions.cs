namespace Sigilum.ControlPlane.Dashboard;

/// <summary>The browser dashboard (section <c>ControlPlane:Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    /// <summary>A browser session ends this long after sign-in, whatever the activity (absolute expiry).</summary>
    public int SessionHours { get; set; } = 12;

    /// <summary>How long a one-time sign-in link stays usable.</summary>
    public int SignInLinkMinutes { get; set; } = 15;

    /// <summary>How long a passkey ceremony's challenge stays answerable (ADR 0056).</summary>
    public int PasskeyChallengeSeconds { get; set; } = 300;

    /// <summary>
    /// The address people open the dashboard at, used in sign-in links and as the passkeys' origin and relying-party id (e.g. <c>https://sigilum.example.com</c>);
    /// empty means the address the link was requested at.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Host names the dashboard answers to besides loopback names and <see cref="PublicUrl"/>'s host (DNS-rebinding
    /// guard); e.g. a second name behind a proxy.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    public void Validate()
    {
        if (SessionHours is < 1 or > 24 * 30)
        {
            throw new InvalidOperationException("ControlPlane:Dashboard:SessionHours must be 1-720.");
        }
        if (SignInLinkMinutes is < 1 or > 24 * 60)
        {
            throw new InvalidOperationException("ControlPlane:Dashboard:SignInLinkMinutes must be 1-1440.");
        }
        if (PasskeyChallengeSeconds is < 10 or > 3600)
        {
            throw new InvalidOperationException("ControlPlane:Dashboard:PasskeyChallengeSeconds must be 10-3600.");
        }
        if (!string.IsNullOrWhiteSpace(PublicUrl) && (!Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            throw new InvalidOperationException("ControlPlane:Dashboard:PublicUrl must be an absolute http(s) URL.");
        }
    }
}
