using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sigilum.Vault.Proxy.Tunnel;

/// <summary>The smallest Kestrel application: every request goes to one delegate, no middleware, no host.</summary>
internal sealed class TunnelApplication(Func<HttpContext, Task> handler) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => handler(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
