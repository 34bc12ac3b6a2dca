using Sigilum.ControlPlane.Claims;
using Sigilum.ControlPlane.Dashboard.Claims;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Pending;

/// <summary>
/// <c>/dashboard/pending</c>: the requests waiting for the owner, with Approve (optionally scoped: a lifetime and
/// allowed subjects) and Reject. <c>?fragment=list</c> renders only the list, which <c>pending.js</c> swaps in
/// when <see cref="PendingEvents"/> says the namespace's claims changed; without script a reload shows the same.
/// </summary>
internal static class PendingEndpoints
{
    /// <summary>The newest requests shown; the claims page pages through the rest.</summary>
    public const int Shown = 100;

    /// <summary>Comma- or newline-separated subjects, as typed; longer input is refused, not cut.</summary>
    public const int MaxSubjectsLength = 2000;

    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store, string? fragment)
    {
        var model = await ModelAsync(context, store, problem: null);
        return fragment == "list"
            ? DashboardPages.Render<PendingList>(context, "Pending", model)
            : DashboardPages.Render<PendingPage>(context, "Pending", model);
    }

    internal static async Task<IResult> ApproveAsync(HttpContext context, string id, ISigilumStore store, ClaimService claims, TimeProvider time)
    {
        var user = context.Owner();
        var ns = user.Namespace;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (ExpiryChoices.Find(form["expiry"]) is not { } expiry)
        {
            return await RefuseAsync(context, store, "Choose how long the approval lasts from the list. Nothing was changed.");
        }
        var typed = form["subjects"].ToString();
        if (typed.Length > MaxSubjectsLength)
        {
            return await RefuseAsync(context, store, $"Allowed subjects can be at most {MaxSubjectsLength} characters in all. Nothing was changed.");
        }
        // The API's scope rules, so the dashboard can approve nothing the API would refuse.
        var subjects = typed.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var (scope, error) = ApprovalScopeRules.Create(expiry.Seconds, expiresAt: null, subjects, time.GetUtcNow());
        if (scope is null)
        {
            return await RefuseAsync(context, store, error == ApprovalScopeError.LifetimeOutOfRange
                ? "That approval lifetime is not allowed. Nothing was changed." : "The approval would end in the past. Nothing was changed.");
        }
        var outcome = await claims.ApproveAsync(ns, id, scope, ClaimApprover.Dashboard(user.OwnerId), context.RequestAborted);
        return ClaimDecisions.Result(context, outcome, DashboardPaths.Pending, "approved");
    }

    internal static async Task<IResult> RejectAsync(HttpContext context, string id, ClaimService claims)
    {
        var ns = context.Owner().Namespace;
        var outcome = await claims.RejectAsync(ns, id, context.RequestAborted);
        return ClaimDecisions.Result(context, outcome, DashboardPaths.Pending, "rejected");
    }

    private static async Task<IResult> RefuseAsync(HttpContext context, ISigilumStore store, string problem) =>
        DashboardPages.Render<PendingPage>(context, "Pending", await ModelAsync(context, store, problem), StatusCodes.Status400BadRequest);

    private static async Task<PendingModel> ModelAsync(HttpContext context, ISigilumStore store, string? problem)
    {
        var ns = context.Owner().Namespace;
        // The feed position first: a change after it is sent by the event stream even if it races this read.
        var seq = await store.Claims.LatestChangeSeqAsync(context.RequestAborted);
        var page = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Pending, Limit = Shown }, context.RequestAborted);
        return new PendingModel(page.Items, page.Total, seq, problem);
    }
}
