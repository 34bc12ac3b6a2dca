using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Proxy;

internal sealed class ProxyPipeline(ProxyAuthorizer authorizer)
{
    public async Task HandleAsync(HttpContext context)
    {
        var route = ProxyRoute.Parse(context);
        if (route is null)
        {
            await GatewayErrorResponse.WriteAsync(context, new GatewayError(400, null, "x"));
            return;
        }
        var outcome = await authorizer.AuthorizeAsync(context, route.ConnectionId, ReadOnlyMemory<byte>.Empty);
        await GatewayErrorResponse.WriteAsync(context, outcome.Error ?? new GatewayError(501, null, outcome.Stage));
    }
}
