using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Maps a forward's result to the metric labels, so every caller labels the same way:
/// <see cref="GatewayMetrics.UpstreamRequest"/>'s outcome and <see cref="GatewayMetrics.UpstreamError"/>'s class.
/// </summary>
internal static class UpstreamOutcome
{
    /// <summary>success, http_4xx, http_5xx, body_too_large, error, timeout, client_aborted or response_aborted.</summary>
    public static string Of(ForwarderError error, int statusCode) => error switch
    {
        ForwarderError.None when statusCode >= 500 => "http_5xx",
        ForwarderError.None when statusCode >= 400 => "http_4xx",
        ForwarderError.None => "success",
        ForwarderError.RequestBodyTooLarge => "body_too_large",
        ForwarderError.UpstreamTimeout => "timeout",
        ForwarderError.ClientAborted => "client_aborted",
        ForwarderError.UpstreamResponseAborted => "response_aborted",
        _ => "error",
    };

    /// <summary>The upstream_error_total class for a forward, or null when the upstream did not fail.</summary>
    public static string? ErrorClass(ForwarderError error, int statusCode) => error switch
    {
        ForwarderError.None when statusCode >= 500 => "http_5xx",
        ForwarderError.UpstreamUnreachable or ForwarderError.UpstreamResponseAborted => "upstream_error",
        ForwarderError.UpstreamTimeout => "upstream_timeout",
        _ => null,
    };
}
