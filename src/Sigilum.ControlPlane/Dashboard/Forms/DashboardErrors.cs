namespace Sigilum.ControlPlane.Dashboard.Forms;

/// <summary>A refusal shown as a page: a stable code (documented in docs/errors.md) and what to do.</summary>
public sealed record DashboardError(string Code, string Title, string Detail);

/// <summary>The dashboard's own refusals.</summary>
public static class DashboardErrors
{
    public static readonly DashboardError CrossOrigin = new("DASHBOARD_CROSS_ORIGIN", "Request refused",
        "This form was sent from another site. Nothing was changed. Open the dashboard directly and try again.");

    public static readonly DashboardError FormExpired = new("DASHBOARD_FORM_EXPIRED", "This form has expired",
        "The page was open too long, or was opened in another session. Nothing was changed. Reload the page and try again.");

    public static readonly DashboardError LinkInvalid = new("DASHBOARD_LINK_INVALID", "This sign-in link cannot be used",
        "It was already used, has expired, or was mistyped. Run `sigilum auth login` for a new link.");

    public static readonly DashboardError PasswordInvalid = new("DASHBOARD_PASSWORD_INVALID", "Sign-in failed",
        "The namespace or password is wrong, or no password is set for it. Sign in with a link from `sigilum auth login`.");

    public static readonly DashboardError RateLimited = new("DASHBOARD_RATE_LIMITED", "Too many attempts",
        "Too many failed sign-ins from your address. Wait a minute and try again.");

    public static readonly DashboardError NotFound = new("DASHBOARD_NOT_FOUND", "Not found",
        "That item does not exist in your namespace, or it was removed.");
}
