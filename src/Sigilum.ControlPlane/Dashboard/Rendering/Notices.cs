namespace Sigilum.ControlPlane.Dashboard.Rendering;

/// <summary>
/// After a form post the browser is redirected with <c>?done=&lt;key&gt;</c>; only these keys show text, so a
/// crafted link cannot put words on the page.
/// </summary>
public static class Notices
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["signed-in"] = "You are signed in.",
        ["password-set"] = "Your password is set. You can now also sign in with it. Your other browser sessions were signed out.",
        ["password-removed"] = "Password sign-in is off. Use a link from `sigilum auth login`. Your other browser sessions were signed out.",
        ["approved"] = "Approved.",
        ["rejected"] = "Rejected.",
        ["revoked"] = "Revoked.",
        ["provider-added"] = "Provider added.",
        ["provider-rotated"] = "Secret rotated.",
        ["provider-deleted"] = "Provider deleted.",
        ["webhook-added"] = "Webhook added.",
        ["webhook-removed"] = "Webhook removed.",
        ["key-revoked"] = "API key revoked.",
        ["service-created"] = "Service added. Create an API key for it below.",
        ["mcp-discovered"] = "Tools discovered.",
        ["mcp-policy-saved"] = "Tool policy saved.",
        ["mcp-subject-policy-saved"] = "Subject policy saved.",
        ["mcp-subject-policy-deleted"] = "Subject policy removed.",
        ["variable-set"] = "Variable saved.",
        ["variable-deleted"] = "Variable deleted.",
        ["no-gateway"] = "No gateway is connected right now.",
        ["provider-updated"] = "Provider updated.",
        ["passkey-added"] = "Passkey added. You can now sign in with it.",
        ["passkey-renamed"] = "Passkey renamed.",
        ["passkey-removed"] = "Passkey removed. It no longer signs in.",
        ["passkey-required"] = "A passkey is now required: one-time links and the password no longer sign in to this namespace.",
        ["passkey-optional"] = "A passkey is no longer required: one-time links and the password sign in again.",
    };

    public static string? Text(string? key) => key is not null && Texts.TryGetValue(key, out var text) ? text : null;

    /// <summary>Adds a notice key at mapping time; the dashboard's own keys are all in the table above, so one place lists them.</summary>
    public static void Register(string key, string text) => Texts.TryAdd(key, text);
}
