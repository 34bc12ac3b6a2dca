using Sigilum.ControlPlane.Claims;
using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Dashboard.Claims;

/// <summary>
/// What the browser sees after an approve, reject or revoke: back to the page with a notice, or a refusal page.
/// The decision itself is <see cref="ClaimService"/>'s, as for the API, so webhooks fire and data planes are told
/// through the push stream at once.
/// </summary>
internal static class ClaimDecisions
{
    public static readonly DashboardError AlreadyDecided = DashboardError.Of(ErrorCatalogue.DashboardClaimStateConflict,
        "This request was already approved, rejected, revoked or expired, perhaps in another tab or from the CLI. Nothing was changed. Reload the page to see where it stands.");

    public static IResult Result(HttpContext context, ClaimOutcome outcome, string path, string notice)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Error switch
        {
            ClaimOutcomeError.None => DashboardPages.Done(path, notice),
            // Another namespace's claim looks exactly like one that does not exist.
            ClaimOutcomeError.NotFound => DashboardPages.NotFound(context),
            _ => DashboardPages.Error(context, StatusCodes.Status409Conflict, AlreadyDecided),
        };
    }
}
