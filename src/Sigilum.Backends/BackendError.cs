namespace Sigilum.Backends;

/// <summary>
/// An expected fetch failure. <see cref="Code"/> is stable (e.g. <c>backend_timeout</c>) and
/// <see cref="Message"/> is safe to show: it names the backend and reference, never a secret or token.
/// </summary>
public sealed record BackendError(BackendErrorKind Kind, string Code, string Message)
{
    /// <summary>The stable code for each kind, used unless a backend has a more precise one.</summary>
    public static string CodeFor(BackendErrorKind kind) => kind switch
    {
        BackendErrorKind.Unauthorized => "backend_auth_failed",
        BackendErrorKind.NotFound => "backend_secret_not_found",
        BackendErrorKind.Throttled => "backend_throttled",
        BackendErrorKind.Unavailable => "backend_unavailable",
        BackendErrorKind.Timeout => "backend_timeout",
        BackendErrorKind.Malformed => "backend_malformed_response",
        BackendErrorKind.Misconfigured => "backend_misconfigured",
        _ => "backend_error",
    };

    public static BackendError Of(BackendErrorKind kind, string message) => new(kind, CodeFor(kind), message);

    /// <summary>How long the backend asked us to wait (<c>Retry-After</c>), for <see cref="BackendErrorKind.Throttled"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
