using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.Gateway.Proxy;

/// <summary>The agent-facing routes (spec §3.1): <c>/proxy/{connection}/…</c> and the <c>/slack…</c> alias, any method.</summary>
internal static class ProxyEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map("/proxy/{**rest}", (HttpContext context) => context.RequestServices.GetRequiredService<ProxyPipeline>().HandleAsync(context));
        app.Map("/slack", (HttpContext context) => context.RequestServices.GetRequiredService<ProxyPipeline>().HandleAsync(context));
        app.Map("/slack/{**rest}", (HttpContext context) => context.RequestServices.GetRequiredService<ProxyPipeline>().HandleAsync(context));
    }
}
