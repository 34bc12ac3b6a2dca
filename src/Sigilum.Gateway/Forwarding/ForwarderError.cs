namespace Sigilum.Gateway.Forwarding;

/// <summary>The outcome of one forward: expected failures are values, not exceptions (YARP's ForwarderError).</summary>
internal enum ForwarderError
{
    None,
    RequestBodyTooLarge,
    UpstreamUnreachable,
    UpstreamTimeout,
    ClientAborted,

    /// <summary>The upstream failed after the response had started; the client connection was aborted.</summary>
    UpstreamResponseAborted,
}
