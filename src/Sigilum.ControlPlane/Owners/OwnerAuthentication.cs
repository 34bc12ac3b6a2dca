using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Ids;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Owners;

/// <summary>
/// Owner tokens: <c>sgo_</c> + 256 random bits, stored only as SHA-256, checked by an indexed lookup of
/// the hash (the comparison happens on a hash of the secret, so timing reveals nothing about it).
/// </summary>
internal sealed class OwnerAuthentication(ISigilumStore store, TimeProvider time)
{
    public const string TokenPrefix = "sgo_";
    private static readonly object OwnerKey = new();

    public static OwnerContext? Get(HttpContext context) => context.Items.TryGetValue(OwnerKey, out var o) ? o as OwnerContext : null;

    public async Task<(OwnerContext? Owner, ApiError? Error)> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer " + TokenPrefix, StringComparison.Ordinal))
        {
            return (null, ApiErrors.Unauthorized);
        }
        var hash = IdGenerator.HashToken(header["Bearer ".Length..].Trim());
        var session = await store.Sessions.FindAsync(hash, context.RequestAborted);
        if (session is null || session.Kind != OwnerSessionKind.CliToken || !session.IsUsable(time.GetUtcNow()))
        {
            return (null, ApiErrors.Unauthorized);
        }
        var owner = new OwnerContext(session.OwnerId, session.Namespace, hash);
        context.Items[OwnerKey] = owner;
        return (owner, null);
    }
}
