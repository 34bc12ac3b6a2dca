using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Errors;

namespace Sigilum.AspNetCore.Authentication;

/// <summary>
/// Verifies signatures for endpoints marked with <see cref="RequireSignatureMetadata"/>. It runs after
/// routing and before the endpoint, so the body is verified before model binding reads it (endpoint
/// filters would run after binding).
/// </summary>
public sealed class SignatureMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SignedRequestAuthenticator authenticator, AuthFailureLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authenticator);
        ArgumentNullException.ThrowIfNull(limiter);
        if (limiter.RetryAfterSeconds(context) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await ProblemResponses.WriteAsync(context, ApiErrors.RateLimited, "Too many failed authentications from this address; try again later.");
            return;
        }
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequireSignatureMetadata>() is not null)
        {
            var (caller, error, detail) = await authenticator.AuthenticateAsync(context);
            if (caller is null)
            {
                if (error != ApiErrors.NonceStoreUnavailable && error != ApiErrors.BodyTooLarge)
                {
                    limiter.RecordFailure(context);
                }
                await ProblemResponses.WriteAsync(context, error!, detail);
                return;
            }
        }
        await next(context);
    }
}
