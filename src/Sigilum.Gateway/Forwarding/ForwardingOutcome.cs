using Sigilum.Gateway.Diagnostics;
using YarpError = Yarp.ReverseProxy.Forwarder.ForwarderError;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Policy: what one of YARP's <see cref="YarpError"/> values means to the agent. YARP's own status choices (400 for a
/// client-side body failure, 502 for a linked cancellation) are not ours; ours are 413 <c>REQUEST_BODY_TOO_LARGE</c>,
/// 504 <c>UPSTREAM_TIMEOUT</c> and 502 <c>UPSTREAM_ERROR</c> before the response starts, an aborted connection after.
/// </summary>
internal static class ForwardingOutcome
{
    /// <summary>Our outcome for YARP's <paramref name="error"/> and what else is known about the exchange.</summary>
    /// <param name="error">YARP's result.</param>
    /// <param name="bodyLimitExceeded">Our body counter stopped the copy (it throws inside YARP's request copy).</param>
    /// <param name="clientAborted">The agent went away (YARP reports that as a cancellation or a body error).</param>
    /// <param name="headersTimedOut">Our response-headers timeout fired (YARP sees only a linked cancellation).</param>
    /// <param name="responseStarted">The agent already has the status line; YARP has reset or aborted the connection.</param>
    /// <param name="timedOut">YARP's failure was a cancellation not caused by the agent: its activity timeout or a connect timeout.</param>
    public static ForwarderError Of(YarpError error, bool bodyLimitExceeded, bool clientAborted, bool headersTimedOut, bool responseStarted, bool timedOut)
    {
        if (error == YarpError.None)
        {
            return ForwarderError.None;
        }
        if (bodyLimitExceeded)
        {
            return ForwarderError.RequestBodyTooLarge;
        }
        if (clientAborted)
        {
            return ForwarderError.ClientAborted;
        }
        if (responseStarted)
        {
            return ForwarderError.UpstreamResponseAborted;
        }
        if (headersTimedOut || timedOut || error is YarpError.RequestTimedOut)
        {
            return ForwarderError.UpstreamTimeout;
        }
        return ForwarderError.UpstreamUnreachable;
    }

    /// <summary>The problem answer for an outcome written before the response started.</summary>
    public static GatewayError ErrorFor(ForwarderError outcome) => outcome switch
    {
        ForwarderError.RequestBodyTooLarge => ForwardingErrors.BodyTooLarge,
        ForwarderError.UpstreamTimeout => ForwardingErrors.UpstreamTimeout,
        _ => ForwardingErrors.UpstreamError,
    };
}
