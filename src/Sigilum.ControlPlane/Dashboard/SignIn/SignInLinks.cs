using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Ids;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.SignIn;

/// <summary>
/// One-time sign-in links: <c>&lt;dashboard&gt;/sign-in?code=sgl_…</c>, short-lived, consumed by the first sign-in
/// (an atomic compare-and-set in the store, so two tabs racing get one session). Only the hash is stored.
/// </summary>
internal sealed class SignInLinks(ISigilumStore store, TimeProvider time, IOptions<ControlPlaneOptions> options)
{
    public const string CodePrefix = "sgl_";

    public async Task<(string Url, DateTimeOffset ExpiresAt)> CreateAsync(HttpContext context, string ownerId, string ns)
    {
        var (code, expires) = await store.Sessions.IssueAsync(
            OwnerSessionKind.SignInLink, CodePrefix, ownerId, ns, time.GetUtcNow(), TimeSpan.FromMinutes(options.Value.Dashboard.SignInLinkMinutes), context.RequestAborted);
        var origin = string.IsNullOrWhiteSpace(options.Value.Dashboard.PublicUrl)
            ? context.Request.Scheme + "://" + context.Request.Host.Value
            : options.Value.Dashboard.PublicUrl.TrimEnd('/');
        return (origin + DashboardPaths.SignIn + "?code=" + code, expires);
    }

    /// <summary>The link's session while it is still usable (not consumed), else null.</summary>
    public async Task<OwnerSession?> PeekAsync(string? code, CancellationToken cancellationToken)
    {
        if (code is null || !code.StartsWith(CodePrefix, StringComparison.Ordinal) || code.Length > 128)
        {
            return null;
        }
        var session = await store.Sessions.FindAsync(IdGenerator.HashToken(code), cancellationToken);
        return session is { Kind: OwnerSessionKind.SignInLink } && session.IsUsable(time.GetUtcNow()) ? session : null;
    }

    /// <summary>Uses the link up; null when it is unknown, expired or was already used.</summary>
    public async Task<OwnerSession?> ConsumeAsync(string? code, CancellationToken cancellationToken)
    {
        var session = await PeekAsync(code, cancellationToken);
        return session is not null && await store.Sessions.ConsumeAsync(session.TokenHash, time.GetUtcNow(), cancellationToken) ? session : null;
    }
}
