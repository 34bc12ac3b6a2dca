using System.Security.Claims;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Ids;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Sessions;

/// <summary>
/// Browser sessions: a random <c>sgb_</c> token in the cookie, only its SHA-256 in the store (kind
/// <see cref="OwnerSessionKind.Browser"/>), so sign-out and expiry are enforced by the server on every request and a
/// stolen database holds no usable session. Every sign-in gets a new token (no session fixation).
/// </summary>
internal sealed class DashboardSessions(ISigilumStore store, TimeProvider time, IOptions<ControlPlaneOptions> options)
{
    public const string TokenPrefix = "sgb_";
    private static readonly object UserKey = new();

    public static DashboardUser? Current(HttpContext context) =>
        context.Items.TryGetValue(UserKey, out var user) ? user as DashboardUser : null;

    public async Task StartAsync(HttpContext context, string ownerId, string ns)
    {
        var (token, expires) = await store.Sessions.IssueAsync(
            OwnerSessionKind.Browser, TokenPrefix, ownerId, ns, time.GetUtcNow(), TimeSpan.FromHours(options.Value.Dashboard.SessionHours), context.RequestAborted);
        DashboardCookie.Write(context, token, expires);
    }

    /// <summary>The signed-in owner, or null (no cookie, unknown, expired or signed out).</summary>
    public async Task<DashboardUser?> AuthenticateAsync(HttpContext context)
    {
        var token = DashboardCookie.Read(context);
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = IdGenerator.HashToken(token);
        var session = await store.Sessions.FindAsync(hash, context.RequestAborted);
        if (session is null || session.Kind != OwnerSessionKind.Browser || !session.IsUsable(time.GetUtcNow()))
        {
            return null;
        }
        var user = new DashboardUser(session.OwnerId, session.Namespace, hash, session.ExpiresAt);
        context.Items[UserKey] = user;
        // Antiforgery binds its tokens to this identity, so a token minted for one owner's session does not
        // validate in another's.
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, session.OwnerId)], "sigilum-dashboard"));
        return user;
    }

    public async Task EndAsync(HttpContext context)
    {
        if (Current(context) is { } user)
        {
            await store.Sessions.RevokeAsync(user.SessionHash, time.GetUtcNow(), context.RequestAborted);
        }
        DashboardCookie.Delete(context);
    }
}
