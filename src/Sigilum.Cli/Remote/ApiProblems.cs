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
