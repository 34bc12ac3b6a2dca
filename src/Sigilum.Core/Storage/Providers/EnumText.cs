using Sigilum.Core.Claims;
using Sigilum.Core.Nodes;
using Sigilum.Core.Sessions;
using Sigilum.Core.Webhooks;

namespace Sigilum.Core.Storage.Providers;

/// <summary>
/// Enum values as stored: lower-case names (the reference schema's claim statuses). An unknown value
/// read back means a corrupt or newer database and throws; it is never mapped to a default.
/// </summary>
internal static class EnumText
{
    public static string Of(ClaimStatus status) => status switch
    {
        ClaimStatus.Pending => "pending",
        ClaimStatus.Approved => "approved",
        ClaimStatus.Rejected => "rejected",
        ClaimStatus.Revoked => "revoked",
        ClaimStatus.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static ClaimStatus ToClaimStatus(string text) => text switch
    {
        "pending" => ClaimStatus.Pending,
        "approved" => ClaimStatus.Approved,
        "rejected" => ClaimStatus.Rejected,
        "revoked" => ClaimStatus.Revoked,
        "expired" => ClaimStatus.Expired,
        _ => throw Unknown("claim status", text),
    };

    public static string Of(DataPlaneKind kind) => kind switch
    {
        DataPlaneKind.Gateway => "gateway",
        DataPlaneKind.Vault => "vault",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static DataPlaneKind ToDataPlaneKind(string text) => text switch
    {
        "gateway" => DataPlaneKind.Gateway,
        "vault" => DataPlaneKind.Vault,
        _ => throw Unknown("node kind", text),
    };

    public static string Of(WebhookDeliveryStatus status) => status switch
    {
        WebhookDeliveryStatus.Pending => "pending",
        WebhookDeliveryStatus.Delivered => "delivered",
        WebhookDeliveryStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static WebhookDeliveryStatus ToDeliveryStatus(string text) => text switch
    {
        "pending" => WebhookDeliveryStatus.Pending,
        "delivered" => WebhookDeliveryStatus.Delivered,
        "failed" => WebhookDeliveryStatus.Failed,
        _ => throw Unknown("delivery status", text),
    };

    public static string Of(OwnerSessionKind kind) => kind switch
    {
        OwnerSessionKind.CliToken => "cli_token",
        OwnerSessionKind.SignInLink => "sign_in_link",
        OwnerSessionKind.Browser => "browser",
        OwnerSessionKind.PairingCode => "pairing_code",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static OwnerSessionKind ToSessionKind(string text) => text switch
    {
        "cli_token" => OwnerSessionKind.CliToken,
        "sign_in_link" => OwnerSessionKind.SignInLink,
        "browser" => OwnerSessionKind.Browser,
        "pairing_code" => OwnerSessionKind.PairingCode,
        _ => throw Unknown("session kind", text),
    };

    private static InvalidDataException Unknown(string what, string text) => new($"Unknown {what} '{text}' in the database.");
}
