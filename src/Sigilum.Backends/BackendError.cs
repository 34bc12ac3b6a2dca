namespace Sigilum.Backends;

/// <summary>
/// An expected fetch failure. <see cref="Code"/> is stable (e.g. <c>backend_timeout</c>). <see cref="Message"/>
/// is for the operator (CLI, backend tests, logs): it names the backend and the reference (a variable name, a
/// path, an ARN, a URL) but never a secret or token. What an agent sees is <see cref="AgentMessage"/>, which
/// names none of those: an agent next door must not learn where the operator keeps secrets.
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

    /// <summary>
    /// The text returned to agents (gateway envelope, vault response): fixed per code, so it can never carry a
    /// secret reference, environment variable name, file path or backend URL.
    /// </summary>
    public string AgentMessage => AgentMessageFor(Code, Kind);

    /// <summary>The agent-facing text for <paramref name="code"/> (or the kind's, for a code we have no text for).</summary>
    public static string AgentMessageFor(string code, BackendErrorKind kind) =>
        (TextFor(code) ?? TextFor(CodeFor(kind)) ?? "The secret backend failed.") + " The operator can see the cause by testing the backend.";

    private static string? TextFor(string code) => code switch
    {
        "backend_auth_failed" => "The secret backend refused the data plane's own credentials.",
        "backend_secret_not_found" => "The secret backend has no secret for this route.",
        "backend_throttled" => "The secret backend is throttling requests; try again later.",
        "backend_unavailable" => "The secret backend is unavailable.",
        "backend_timeout" => "The secret backend did not answer in time.",
        "backend_malformed_response" or "backend_checksum_mismatch" => "The secret backend returned an answer that cannot be used.",
        "backend_misconfigured" => "The secret backend is misconfigured.",
        "backend_bad_secret" => "The secret from the backend cannot be injected (empty, too long, or with control characters or surrounding whitespace).",
        _ => null,
    };

    /// <summary>How long the backend asked us to wait (<c>Retry-After</c>), for <see cref="BackendErrorKind.Throttled"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
