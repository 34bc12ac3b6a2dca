using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Dashboard.Settings;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// Managing passkeys under Settings: rename, remove, and the namespace's "require a passkey" switch. The switch only
/// turns on while the owner has a passkey, and the last passkey cannot be removed while it is on, so the dashboard
/// never locks its owner out by itself (the identity key's recovery path remains either way, ADR 0056).
/// </summary>
internal static class PasskeySettingsEndpoints
{
    public const string SettingsPath = DashboardPaths.Root + "/settings";

    public static void Map(RouteGroupBuilder signedIn)
    {
        signedIn.MapPost("/settings/passkeys/rename", RenameAsync);
        signedIn.MapPost("/settings/passkeys/remove", RemoveAsync);
        signedIn.MapPost("/settings/passkeys/require", RequireAsync);
        Notices.Register("passkey-added", "Passkey added. You can now sign in with it.");
        Notices.Register("passkey-renamed", "Passkey renamed.");
        Notices.Register("passkey-removed", "Passkey removed. It no longer signs in.");
        Notices.Register("passkey-required", "A passkey is now required: one-time links and the password no longer sign in to this namespace.");
        Notices.Register("passkey-optional", "A passkey is no longer required: one-time links and the password sign in again.");
    }

    private static async Task<IResult> RenameAsync(HttpContext context, ISigilumStore store)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (PasskeyCeremonies.CleanName(form["name"]) is not { } name)
        {
            return await SettingsEndpoints.ProblemAsync(context, store, $"Give the passkey a name of 1 to {PasskeyCeremonies.MaximumNameLength} characters.");
        }
        return await store.Passkeys.RenameAsync(user.OwnerId, form["id"].ToString(), name, context.RequestAborted)
            ? DashboardPages.Done(SettingsPath, "passkey-renamed")
            : DashboardPages.NotFound(context);
    }

    private static async Task<IResult> RemoveAsync(HttpContext context, ISigilumStore store)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var id = form["id"].ToString();
        var passkeys = await store.Passkeys.ListAsync(user.OwnerId, context.RequestAborted);
        if (passkeys.All(p => p.CredentialId != id))
        {
            return DashboardPages.NotFound(context);
        }
        if (passkeys.Count == 1 && await store.Passkeys.IsRequiredAsync(user.Namespace, context.RequestAborted))
        {
            return await SettingsEndpoints.ProblemAsync(context, store, "This is your last passkey and a passkey is required. Stop requiring one first, or add another passkey.");
        }
        await store.Passkeys.RemoveAsync(user.OwnerId, id, context.RequestAborted);
        return DashboardPages.Done(SettingsPath, "passkey-removed");
    }

    private static async Task<IResult> RequireAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var required = string.Equals(form["required"], "true", StringComparison.Ordinal);
        if (required && (await store.Passkeys.ListAsync(user.OwnerId, context.RequestAborted)).Count == 0)
        {
            return await SettingsEndpoints.ProblemAsync(context, store, "Add a passkey before you require one.");
        }
        await store.Passkeys.SetRequiredAsync(user.Namespace, required, time.GetUtcNow(), context.RequestAborted);
        return DashboardPages.Done(SettingsPath, required ? "passkey-required" : "passkey-optional");
    }
}
