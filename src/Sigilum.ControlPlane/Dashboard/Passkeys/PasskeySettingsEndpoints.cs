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
    internal static async Task<IResult> RenameAsync(HttpContext context, ISigilumStore store)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (PasskeyCeremonies.CleanName(form["name"]) is not { } name)
        {
            return await SettingsEndpoints.ProblemAsync(context, store, $"Give the passkey a name of 1 to {PasskeyCeremonies.MaximumNameLength} characters.");
        }
        return await store.Passkeys.RenameAsync(user.OwnerId, form["id"].ToString(), name, context.RequestAborted)
            ? DashboardPages.Done(DashboardPaths.Settings, "passkey-renamed")
            : DashboardPages.NotFound(context);
    }

    internal static async Task<IResult> RemoveAsync(HttpContext context, ISigilumStore store)
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
        return DashboardPages.Done(DashboardPaths.Settings, "passkey-removed");
    }

    internal static async Task<IResult> RequireAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var required = string.Equals(form["required"], "true", StringComparison.Ordinal);
        if (required && (await store.Passkeys.ListAsync(user.OwnerId, context.RequestAborted)).Count == 0)
        {
            return await SettingsEndpoints.ProblemAsync(context, store, "Add a passkey before you require one.");
        }
        await store.Passkeys.SetRequiredAsync(user.Namespace, required, time.GetUtcNow(), context.RequestAborted);
        return DashboardPages.Done(DashboardPaths.Settings, required ? "passkey-required" : "passkey-optional");
    }
}
