using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The outcome of the admin gate: <see cref="Via"/> says what granted or was missing (token, loopback,
/// insecure, origin, host, rate_limit), <see cref="ReasonCode"/> is logged, <see cref="Error"/> is sent when
/// denied, with <see cref="RetryAfterSeconds"/> as <c>Retry-After</c> when rate limited.
/// </summary>
internal sealed record AdminAccessDecision(bool Granted, string Via, string ReasonCode, GatewayError? Error)
{
    public int? RetryAfterSeconds { get; init; }

    public static AdminAccessDecision Grant(string via, string reasonCode) => new(true, via, reasonCode, null);

    public static AdminAccessDecision Deny(string via, GatewayError error) => new(false, via, error.Code!, error);
}
