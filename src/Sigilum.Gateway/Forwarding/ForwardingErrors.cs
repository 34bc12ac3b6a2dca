using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Forwarding;

/// <summary>The errors the forwarding engine writes itself.</summary>
internal static class ForwardingErrors
{
    public static readonly GatewayError UpstreamError = GatewayError.Of(ErrorCatalogue.UpstreamError, "The upstream service could not be reached.");
    public static readonly GatewayError UpstreamTimeout = GatewayError.Of(ErrorCatalogue.UpstreamTimeout, "The upstream service did not answer in time.");
    public static readonly GatewayError BodyTooLarge = GatewayError.Of(ErrorCatalogue.RequestBodyTooLarge, "The request body is too large.");
}
