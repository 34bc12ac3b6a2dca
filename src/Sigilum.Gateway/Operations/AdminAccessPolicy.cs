using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The admin gate's decision for one request (spec §3.9), in order: a browser Origin that is not allowed
/// is refused (CSRF, ADM-03; kept even when the checks are switched off), then the mode's check. Pure over
/// the <see cref="HttpContext"/>, so each rule is tested alone.
/// </summary>
internal sealed class AdminAccessPolicy
{
    public const string TokenHeader = "X-Sigilum-Admin-Token";

    private readonly AdminAccessOptions _options;
    private readonly AdminToken? _token;
    private readonly IReadOnlyList<IPNetwork> _trustedProxies;
    private readonly AdminCorsPolicy _cors;

    public AdminAccessPolicy(AdminAccessOptions options, AdminCorsPolicy cors)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _cors = cors;
        _token = string.IsNullOrEmpty(options.Token) ? null : new AdminToken(options.Token);
        _trustedProxies = options.ParseTrustedProxies();
    }

    public IReadOnlyList<IPNetwork> TrustedProxies => _trustedProxies;

    public AdminAccessDecision Evaluate(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !_cors.IsAllowed(origin))
        {
            return AdminAccessDecision.Deny("origin", AdminAccessErrors.OriginNotAllowed);
        }
        if (!_options.RequireAdminChecks)
        {
            return AdminAccessDecision.Grant("disabled", "admin_checks_disabled");
        }
        var tokenValid = _token is not null && _token.Matches(PresentedToken(context.Request));
        switch (_options.Mode)
        {
            case AdminAccessMode.Token:
                if (_token is null)
                {
                    return AdminAccessDecision.Deny("token", AdminAccessErrors.TokenNotConfigured);
                }
                return tokenValid ? AdminAccessDecision.Grant("token", "token_valid") : AdminAccessDecision.Deny("token", AdminAccessErrors.TokenRequired);
            case AdminAccessMode.Loopback:
                return LoopbackDecision(context, AdminAccessErrors.LoopbackRequired);
            default:
                return tokenValid ? AdminAccessDecision.Grant("token", "token_valid") : LoopbackDecision(context, AdminAccessErrors.TokenOrLoopbackRequired);
        }
    }

    /// <summary>
    /// The token from <c>X-Sigilum-Admin-Token</c>, else <c>Authorization: Bearer</c>. A header sent more
    /// than once is not a token (no guessing which copy counts); never read from the query string (ADM-04).
    /// </summary>
    public static string? PresentedToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[TokenHeader];
        if (header.Count > 0)
        {
            return Single(header);
        }
        var authorization = Single(request.Headers.Authorization);
        const string Bearer = "Bearer ";
        return authorization is not null && authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? authorization[Bearer.Length..].Trim()
            : null;
    }

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private AdminAccessDecision LoopbackDecision(HttpContext context, Gateway.Diagnostics.GatewayError notLoopback)
    {
        var client = ClientAddress.Resolve(context, _trustedProxies);
        if (client is null || !IPAddress.IsLoopback(client))
        {
            return AdminAccessDecision.Deny("loopback", notLoopback);
        }
        return AdminHosts.IsAllowed(context.Request.Host, _options.AllowedHosts)
            ? AdminAccessDecision.Grant("loopback", "loopback_client")
            : AdminAccessDecision.Deny("host", AdminAccessErrors.HostNotAllowed);
    }
}
