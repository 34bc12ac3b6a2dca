using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Owners;
using Sigilum.ControlPlane.ServiceKeys;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>
/// Owner-token and service-key checks for endpoints that carry the matching metadata. Runs after the
/// signature middleware and before model binding, like it.
/// </summary>
internal sealed class CallerAuthenticationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, OwnerAuthentication owners, ServiceKeyAuthentication serviceKeys, AuthFailureLimiter limiter)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null)
        {
            await next(context);
            return;
        }
        ApiError? error = null;
        if (metadata.GetMetadata<RequireOwnerMetadata>() is not null)
        {
            (_, error) = await owners.AuthenticateAsync(context);
        }
        if (error is null && metadata.GetMetadata<RequireServiceKeyMetadata>() is not null)
        {
            (_, error) = await serviceKeys.AuthenticateAsync(context);
        }
        if (error is not null)
        {
            limiter.RecordFailure(context);
            await ProblemResponses.WriteAsync(context, error);
            return;
        }
        await next(context);
    }
}
