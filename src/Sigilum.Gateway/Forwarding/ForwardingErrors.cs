using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Forwarding;

/// <summary>The errors the forwarding engine writes itself.</summary>
internal static class ForwardingErrors
{
    public static readonly GatewayError UpstreamError = new(StatusCodes.Status502BadGateway, GatewayErrorCodes.UpstreamError, "The upstream service could not be reached.");
    public static readonly GatewayError UpstreamTimeout = new(StatusCodes.Status504GatewayTimeout, GatewayErrorCodes.UpstreamTimeout, "The upstream service did not answer in time.");
    public static readonly GatewayError BodyTooLarge = new(StatusCodes.Status413PayloadTooLarge, GatewayErrorCodes.RequestBodyTooLarge, "The request body is too large.");
}
