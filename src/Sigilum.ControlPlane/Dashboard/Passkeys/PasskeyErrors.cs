using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>Refusals of a passkey ceremony, each with its own stable code (docs/errors.md).</summary>
public static class PasskeyErrors
{
    public static readonly DashboardError ChallengeInvalid = DashboardError.Of(ErrorCatalogue.DashboardPasskeyChallengeInvalid,
        "The passkey request was already used, belongs to another browser or session, or was never made. Start again from the page.");

    public static readonly DashboardError ChallengeExpired = DashboardError.Of(ErrorCatalogue.DashboardPasskeyChallengeExpired,
        "The passkey request was open too long. Start again from the page.");

    public static readonly DashboardError OriginMismatch = DashboardError.Of(ErrorCatalogue.DashboardPasskeyOriginMismatch,
        "The passkey was used on a page of another site. Open the dashboard at its own address and try again.");

    public static readonly DashboardError RpIdMismatch = DashboardError.Of(ErrorCatalogue.DashboardPasskeyRpIdMismatch,
        "The passkey answered for another site's name than this dashboard's.");

    public static readonly DashboardError CounterRegressed = DashboardError.Of(ErrorCatalogue.DashboardPasskeyCounterRegressed,
        "The passkey's counter went back, which happens when a passkey was copied. Remove it under Settings and register a new one.");

    public static readonly DashboardError Unknown = DashboardError.Of(ErrorCatalogue.DashboardPasskeyUnknown,
        "This passkey is not registered here, or was removed. Sign in another way and register it again under Settings.");

    public static readonly DashboardError Invalid = DashboardError.Of(ErrorCatalogue.DashboardPasskeyInvalid,
        "The passkey's answer did not verify. Try again.");

    public static readonly DashboardError AlreadyRegistered = DashboardError.Of(ErrorCatalogue.DashboardPasskeyAlreadyRegistered,
        "This passkey is already registered.");

    public static readonly DashboardError Required = DashboardError.Of(ErrorCatalogue.DashboardPasskeyRequired,
        "This namespace signs in with a passkey only. Use your passkey, or run `sigilum auth login --recover` on the machine that holds your identity key.");
}
