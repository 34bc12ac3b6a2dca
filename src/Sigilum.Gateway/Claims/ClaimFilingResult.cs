namespace Sigilum.Gateway.Claims;

/// <summary>
/// The result of one claim filing: the outcome and what the control plane said (spec §3.6: claim_id,
/// status, service, message, error, code). <see cref="Failure"/> explains a filing that got no answer;
/// it never holds the service key or other secrets.
/// </summary>
internal sealed record ClaimFilingResult
{
    public required ClaimFilingOutcome Outcome { get; init; }

    /// <summary>The control plane's HTTP status, when it answered.</summary>
    public int? HttpStatus { get; init; }

    public string? ClaimId { get; init; }

    /// <summary>The claim's state: <c>pending</c>, <c>approved</c> or <c>rejected</c>.</summary>
    public string? Status { get; init; }

    public string? Service { get; init; }

    public string? Message { get; init; }

    public string? Error { get; init; }

    /// <summary>The control plane's error code, e.g. <c>SIGNATURE_NAMESPACE_MISMATCH</c>.</summary>
    public string? Code { get; init; }

    /// <summary>Why nothing (or no answer) came back, for the page and the decision log.</summary>
    public string? Failure { get; init; }

    /// <summary>The outcome as the page and logs write it.</summary>
    public string OutcomeText => Outcome switch
    {
        ClaimFilingOutcome.Recorded => "recorded",
        ClaimFilingOutcome.ApiRejected => "api-rejected",
        ClaimFilingOutcome.NoResponse => "no-response",
        _ => "failed-before-response",
    };

    public static ClaimFilingResult NotSent(string failure) => new() { Outcome = ClaimFilingOutcome.FailedBeforeResponse, Failure = failure };

    public static ClaimFilingResult Unanswered(string failure) => new() { Outcome = ClaimFilingOutcome.NoResponse, Failure = failure };
}
