using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Dashboard.Forms;

/// <summary>A refusal shown as a page: a stable code (documented in docs/errors.md) and what to do.</summary>
public sealed record DashboardError(string Code, string Title, string Detail)
{
    /// <summary>The catalogue's HTTP status of <see cref="Code"/> (ADR 0048).</summary>
    public int Status => ErrorCatalogue.Entry(Code).HttpStatus;

    /// <summary>A refusal page for a catalogued code: the page's heading is the catalogue's title.</summary>
    public static DashboardError Of(string code, string detail) => new(code, ErrorCatalogue.Entry(code).Title, detail);
}

/// <summary>The dashboard's own refusals.</summary>
public static class DashboardErrors
{
    public static readonly DashboardError CrossOrigin = DashboardError.Of(ErrorCatalogue.DashboardCrossOrigin,
        "This form was sent from another site. Nothing was changed. Open the dashboard directly and try again.");

    public static readonly DashboardError FormExpired = DashboardError.Of(ErrorCatalogue.DashboardFormExpired,
        "The page was open too long, or was opened in another session. Nothing was changed. Reload the page and try again.");

    public static readonly DashboardError LinkInvalid = DashboardError.Of(ErrorCatalogue.DashboardLinkInvalid,
        "It was already used, has expired, or was mistyped. Run `sigilum auth login` for a new link.");

    public static readonly DashboardError PasswordInvalid = DashboardError.Of(ErrorCatalogue.DashboardPasswordInvalid,
        "The namespace or password is wrong, or no password is set for it. Sign in with a link from `sigilum auth login`.");

    public static readonly DashboardError RateLimited = DashboardError.Of(ErrorCatalogue.DashboardRateLimited,
        "Too many failed sign-ins from your address. Wait a minute and try again.");

    public static readonly DashboardError NotFound = DashboardError.Of(ErrorCatalogue.DashboardNotFound,
        "That item does not exist in your namespace, or it was removed.");
}
