using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.Errors;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Forwarding;

/// <summary>The problem responses the forwarding engine writes itself.</summary>
internal static class ForwardingErrors
{
    public static readonly ApiError UpstreamError = new(GatewayErrorCodes.UpstreamError, StatusCodes.Status502BadGateway, "The upstream service could not be reached.");
    public static readonly ApiError UpstreamTimeout = new(GatewayErrorCodes.UpstreamTimeout, StatusCodes.Status504GatewayTimeout, "The upstream service did not answer in time.");
    public static readonly ApiError BodyTooLarge = new(GatewayErrorCodes.RequestBodyTooLarge, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
}
