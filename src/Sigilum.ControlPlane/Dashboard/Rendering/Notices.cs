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
    };

    public static string? Text(string? key) => key is not null && Texts.TryGetValue(key, out var text) ? text : null;

    /// <summary>Adds a notice key; pages call this from their own static constructors or mapping code.</summary>
    public static void Register(string key, string text) => Texts.TryAdd(key, text);
}
