namespace Sigilum.Cli.Remote;

/// <summary>
/// Turns a control-plane error (RFC 9457 problem+json with a stable <c>code</c>) into one line and an exit
/// code, by status and code, never by message text.
/// </summary>
internal static class ApiProblems
{
    public const string SignInHint = "run: sigilum auth login";

    public static CliException ToException(ApiResponse response, bool ownerCall)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Status == 404 && response.Body is null && response.Route is { } route)
        {
            // Our API answers every 404 with problem+json; a bare 404 means the route itself is missing.
            return new CliException(ExitCodes.NotFound, $"{route} does not exist on this control plane (HTTP 404); is it an older version?");
        }
        var detail = response.Detail ?? $"the control plane answered HTTP {response.Status}";
        var message = response.Code is { } code ? $"{detail.TrimEnd('.')} ({code})" : detail;
        if (ownerCall && response.Status is 401 or 403)
        {
            // Owner calls fail this way when the stored token expired, was revoked or belongs to another namespace.
            message += "; " + SignInHint;
        }
        return new CliException(ExitCodeFor(response.Status), message);
    }

    public static int ExitCodeFor(int status) => status switch
    {
        400 or 413 or 422 => ExitCodes.Usage,
        401 or 403 => ExitCodes.Auth,
        404 => ExitCodes.NotFound,
        429 or >= 500 => ExitCodes.Network,
        _ => ExitCodes.CheckFailed,
    };
}
