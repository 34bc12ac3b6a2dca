using Sigilum.Protocol.Errors;

namespace Sigilum.Backends;

/// <summary>
/// An expected fetch failure. <see cref="Code"/> is stable, a catalogued code (e.g. <c>BACKEND_TIMEOUT</c>), and
/// both data planes answer with it as it is (ADR 0048). <see cref="Message"/>
/// is for the operator (CLI, backend tests, logs): it names the backend and the reference (a variable name, a
/// path, an ARN, a URL) but never a secret or token. What an agent sees is <see cref="AgentMessage"/>, which
/// names none of those: an agent next door must not learn where the operator keeps secrets.
/// </summary>
public sealed record BackendError(BackendErrorKind Kind, string Code, string Message)
{
    /// <summary>The stable code for each kind, used unless a backend has a more precise one.</summary>
    public static string CodeFor(BackendErrorKind kind) => kind switch
    {
        BackendErrorKind.Unauthorized => ErrorCatalogue.BackendAuthFailed,
        BackendErrorKind.NotFound => ErrorCatalogue.BackendSecretNotFound,
        BackendErrorKind.Throttled => ErrorCatalogue.BackendThrottled,
        BackendErrorKind.Unavailable => ErrorCatalogue.BackendUnavailable,
        BackendErrorKind.Timeout => ErrorCatalogue.BackendTimeout,
        BackendErrorKind.Malformed => ErrorCatalogue.BackendMalformedResponse,
        BackendErrorKind.Misconfigured => ErrorCatalogue.BackendMisconfigured,
        _ => ErrorCatalogue.BackendError,
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
        ErrorCatalogue.BackendAuthFailed => "The secret backend refused the data plane's own credentials.",
        ErrorCatalogue.BackendSecretNotFound => "The secret backend has no secret for this route.",
        ErrorCatalogue.BackendThrottled => "The secret backend is throttling requests; try again later.",
        ErrorCatalogue.BackendUnavailable => "The secret backend is unavailable.",
        ErrorCatalogue.BackendTimeout => "The secret backend did not answer in time.",
        ErrorCatalogue.BackendMalformedResponse or ErrorCatalogue.BackendChecksumMismatch => "The secret backend returned an answer that cannot be used.",
        ErrorCatalogue.BackendMisconfigured => "The secret backend is misconfigured.",
        ErrorCatalogue.BackendBadSecret => "The secret from the backend cannot be injected (empty, too long, or with control characters or surrounding whitespace).",
        _ => null,
    };

    /// <summary>How long the backend asked us to wait (<c>Retry-After</c>), for <see cref="BackendErrorKind.Throttled"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
