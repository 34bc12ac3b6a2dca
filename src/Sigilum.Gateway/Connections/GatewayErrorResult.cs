using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>An <see cref="IResult"/> that writes a <see cref="GatewayError"/> in Sigilum's envelope.</summary>
internal sealed class GatewayErrorResult(GatewayError error) : IResult
{
    public GatewayError Error => error;

    public Task ExecuteAsync(HttpContext httpContext) => GatewayErrorResponse.WriteAsync(httpContext, error);
}
