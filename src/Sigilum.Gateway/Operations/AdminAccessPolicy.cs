using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The admin gate's decision for one request (spec §3.9, ADR 0020), in order: a browser Origin that is not allowed
/// is refused (CSRF, ADM-03; kept even with the insecure open switch), then a client locked out for wrong tokens
/// (ADM-04), then the mode's check. Loopback is not the operator: a route that changes state or could redirect or
/// expose a secret (<see cref="AdminRouteAccess.Operator"/>) needs the admin token in every mode; loopback alone
/// may only read what <see cref="AdminRouteAccess.LoopbackRead"/> marks. Each rule is tested alone over a plain
/// <see cref="HttpContext"/>.
/// </summary>
internal sealed class AdminAccessPolicy
{
    public const string TokenHeader = "X-Sigilum-Admin-Token";

    private readonly AdminAccessOptions _options;
    private readonly AdminToken? _token;
    private readonly IReadOnlyList<IPNetwork> _trustedProxies;
    private readonly AdminCorsPolicy _cors;
    private readonly AdminTokenFailures _failures;

    /// <param name="options">Mode, trusted proxies, allowed hosts, the insecure switch.</param>
    /// <param name="cors">The allowed browser origins.</param>
    /// <param name="time">Clock of the wrong-token limiter.</param>
    /// <param name="token">The effective admin token (configured or generated); <see cref="AdminAccessOptions.Token"/> when null.</param>
    public AdminAccessPolicy(AdminAccessOptions options, AdminCorsPolicy cors, TimeProvider? time = null, string? token = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _cors = cors;
        token ??= options.Token;
        _token = string.IsNullOrEmpty(token) ? null : new AdminToken(token);
        _trustedProxies = options.ParseTrustedProxies();
        _failures = new AdminTokenFailures(time ?? TimeProvider.System);
    }

    public IReadOnlyList<IPNetwork> TrustedProxies => _trustedProxies;

    public AdminAccessDecision Evaluate(HttpContext context, AdminRouteAccess access)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Headers.Origin is { Count: > 0 } origin && !_cors.IsAllowed(origin))
        {
            return AdminAccessDecision.Deny("origin", AdminAccessErrors.OriginNotAllowed);
        }
        if (_options.InsecureOpenAdmin)
        {
            return AdminAccessDecision.Grant("insecure", "insecure_open_admin");
        }
        var client = ClientAddress.Resolve(context, _trustedProxies);
        var tokenValid = false;
        if (HasTokenHeader(context.Request))
        {
            if (_failures.RetryAfterSeconds(client) is { } retryAfter)
            {
                return AdminAccessDecision.Deny("rate_limit", AdminAccessErrors.RateLimited) with { RetryAfterSeconds = retryAfter };
            }
            tokenValid = _token is not null && _token.Matches(PresentedToken(context.Request));
            if (!tokenValid)
            {
                _failures.RecordFailure(client);
            }
        }
        if (tokenValid && (_options.Mode != AdminAccessMode.Loopback || IsLoopback(client)))
        {
            return AdminAccessDecision.Grant("token", "token_valid");
        }
        var needsToken = _token is null ? AdminAccessErrors.TokenNotConfigured : AdminAccessErrors.TokenRequired;
        switch (_options.Mode)
        {
            case AdminAccessMode.Token:
                return AdminAccessDecision.Deny("token", needsToken);
            case AdminAccessMode.Loopback:
                if (!IsLoopback(client))
                {
                    return AdminAccessDecision.Deny("loopback", AdminAccessErrors.LoopbackRequired);
                }
                return access == AdminRouteAccess.LoopbackRead ? LoopbackDecision(context) : AdminAccessDecision.Deny("token", needsToken);
            default:
                if (access == AdminRouteAccess.Operator)
                {
                    return AdminAccessDecision.Deny("token", needsToken);
                }
                return IsLoopback(client) ? LoopbackDecision(context) : AdminAccessDecision.Deny("loopback", AdminAccessErrors.TokenOrLoopbackRequired);
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

    /// <summary>Whether the request tries a token at all (then a wrong one counts as a failure, ADM-04).</summary>
    private static bool HasTokenHeader(HttpRequest request) =>
        request.Headers[TokenHeader].Count > 0 ||
        request.Headers.Authorization.Any(value => value is not null && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase));

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static bool IsLoopback(IPAddress? client) => client is not null && IPAddress.IsLoopback(client);

    private AdminAccessDecision LoopbackDecision(HttpContext context) =>
        AdminHosts.IsAllowed(context.Request.Host, _options.AllowedHosts)
            ? AdminAccessDecision.Grant("loopback", "loopback_client")
            : AdminAccessDecision.Deny("host", AdminAccessErrors.HostNotAllowed);
}
