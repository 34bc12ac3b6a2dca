namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// What one delivery attempt got: an HTTP status, or a stable error (<c>timeout</c>, <c>connection_failed</c>,
/// <c>dns_failed</c>, <c>target_not_allowed</c>, …). Never exception text, which can carry the URL.
/// </summary>
internal sealed record SendOutcome(int? StatusCode, string? Error, bool Permanent)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;

    public static SendOutcome Status(int statusCode) => new(statusCode, statusCode is >= 200 and < 300 ? null : "http_" + statusCode, false);

    public static SendOutcome Failure(string error) => new(null, error, false);

    /// <summary>A failure that retrying cannot fix (refused target, secret that does not open, webhook gone).</summary>
    public static SendOutcome GiveUp(string error) => new(null, error, true);
}
