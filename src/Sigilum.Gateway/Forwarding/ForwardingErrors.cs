using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Forwarding;

/// <summary>The errors the forwarding engine writes itself.</summary>
internal static class ForwardingErrors
{
    public static readonly GatewayError UpstreamError = GatewayError.Of(GatewayErrorCodes.UpstreamError, "The upstream service could not be reached.");
    public static readonly GatewayError UpstreamTimeout = GatewayError.Of(GatewayErrorCodes.UpstreamTimeout, "The upstream service did not answer in time.");
    public static readonly GatewayError BodyTooLarge = GatewayError.Of(GatewayErrorCodes.RequestBodyTooLarge, "The request body is too large.");
}
