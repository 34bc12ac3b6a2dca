using Sigilum.ControlPlane.Dashboard.Passkeys;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.ControlPlane.Dashboard.SignIn;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Settings;

/// <summary>
/// Setting, changing or removing the optional owner password. Changing or removing one needs the current one,
/// so a session left open on a shared screen cannot lock the owner out; any change signs out every other browser
/// session of the owner (reliability ADM-05), so a session opened with the old password does not outlive it.
/// </summary>
internal static class SettingsEndpoints
{
    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store) =>
        Page(context, await ModelAsync(context, store, problem: null));

    internal static async Task<IResult> SetPasswordAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!await CurrentPasswordMatchesAsync(context, store, user, form))
        {
            return await ProblemAsync(context, store, WrongCurrentPassword);
        }
        var password = form["password"].ToString();
        if (OwnerPasswordHasher.Problem(password, form["confirm"].ToString()) is { } problem)
        {
            return await ProblemAsync(context, store, problem);
        }
        await store.Namespaces.SetOwnerPasswordHashAsync(user.OwnerId, OwnerPasswordHasher.Hash(password), context.RequestAborted);
        await SignOutOtherSessionsAsync(context, store, time, user);
        return DashboardPages.Done(DashboardPaths.Settings, "password-set");
    }

    internal static async Task<IResult> RemovePasswordAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var user = context.Owner();
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!await CurrentPasswordMatchesAsync(context, store, user, form))
        {
            return await ProblemAsync(context, store, WrongCurrentPassword);
        }
        await store.Namespaces.SetOwnerPasswordHashAsync(user.OwnerId, null, context.RequestAborted);
        await SignOutOtherSessionsAsync(context, store, time, user);
        return DashboardPages.Done(DashboardPaths.Settings, "password-removed");
    }

    private const string WrongCurrentPassword = "Your current password is not right.";

    /// <summary>Changing or removing a password needs the current one; with none set there is nothing to match.</summary>
    private static async Task<bool> CurrentPasswordMatchesAsync(HttpContext context, ISigilumStore store, DashboardUser user, IFormCollection form)
    {
        var owner = await store.Namespaces.GetOwnerAsync(user.OwnerId, context.RequestAborted);
        return owner?.PasswordHash is not { } current || OwnerPasswordHasher.Verify(form["current"].ToString(), current);
    }

    private static Task<int> SignOutOtherSessionsAsync(HttpContext context, ISigilumStore store, TimeProvider time, DashboardUser user) =>
        store.Sessions.RevokeAllAsync(user.OwnerId, Core.Sessions.OwnerSessionKind.Browser, user.SessionHash, time.GetUtcNow(), context.RequestAborted);

    /// <summary>The settings page again, with <paramref name="problem"/> shown (400), e.g. for a refused passkey change.</summary>
    internal static async Task<IResult> ProblemAsync(HttpContext context, ISigilumStore store, string problem) =>
        Page(context, await ModelAsync(context, store, problem), StatusCodes.Status400BadRequest);

    private static async Task<SettingsModel> ModelAsync(HttpContext context, ISigilumStore store, string? problem)
    {
        var user = context.Owner();
        var owner = await store.Namespaces.GetOwnerAsync(user.OwnerId, context.RequestAborted);
        var passkeys = await store.Passkeys.ListAsync(user.OwnerId, context.RequestAborted);
        var required = await store.Passkeys.IsRequiredAsync(user.Namespace, context.RequestAborted);
        var origin = context.RequestServices.GetRequiredService<PasskeyRelyingPartySource>().Current().Origin;
        return new SettingsModel(owner?.PasswordHash is not null, user.ExpiresAt, problem, passkeys, required, origin);
    }

    private static IResult Page(HttpContext context, SettingsModel model, int status = StatusCodes.Status200OK) =>
        DashboardPages.Render<SettingsPage>(context, "Settings", model, status);
}
