using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Ids;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.ServiceKeys;

/// <summary>Service API keys (<c>sk_live_…</c>): looked up by SHA-256, revoked keys refused, last use stamped.</summary>
internal sealed class ServiceKeyAuthentication(ISigilumStore store, TimeProvider time)
{
    private static readonly object ServiceKey = new();

    public static ServiceKeyContext? Get(HttpContext context) => context.Items.TryGetValue(ServiceKey, out var s) ? s as ServiceKeyContext : null;

    public async Task<(ServiceKeyContext? Service, ApiError? Error)> AuthenticateAsync(HttpContext context)
    {
        // Signed requests carry the service key in Authorization, which the signature does not cover;
        // X-Sigilum-Service-Key is accepted too for callers whose Authorization is taken.
        var header = context.Request.Headers.Authorization.ToString();
        var raw = header.StartsWith("Bearer sk_live_", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : context.Request.Headers["X-Sigilum-Service-Key"].ToString();
        if (!raw.StartsWith("sk_live_", StringComparison.Ordinal))
        {
            return (null, ApiErrors.Unauthorized);
        }
        var key = await store.Services.UseKeyAsync(IdGenerator.HashToken(raw), time.GetUtcNow(), context.RequestAborted);
        if (key is null)
        {
            return (null, ApiErrors.Unauthorized);
        }
        var service = await store.Services.GetByIdAsync(key.ServiceId, context.RequestAborted);
        if (service is null)
        {
            return (null, ApiErrors.Unauthorized);
        }
        var result = new ServiceKeyContext(service.Id, service.Namespace, service.Slug, key.Id);
        context.Items[ServiceKey] = result;
        return (result, null);
    }
}
