namespace Sigilum.ControlPlane.Claims;

/// <summary>
/// The <c>approved_by</c> a claim keeps (ADR 0062): <c>&lt;method&gt;:&lt;owner id&gt;</c>. The owner id is stable and
/// not a secret; the method says which door the approval came through. Never a token or a session hash.
/// </summary>
internal static class ClaimApprover
{
    /// <summary>Approved in the dashboard (a browser session, however the owner signed in: link, password or passkey).</summary>
    public static string Dashboard(string ownerId) => Of("dashboard", ownerId);

    /// <summary>Approved through the API with an owner token (the <c>sigilum</c> CLI, a script, a pairing).</summary>
    public static string OwnerToken(string ownerId) => Of("owner_token", ownerId);

    private static string Of(string method, string ownerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        return method + ":" + ownerId;
    }
}
