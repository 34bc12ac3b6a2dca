using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sigilum.EndToEnd.Gateway;

/// <summary>
/// The provider API the end-to-end tests connect: a Kestrel server on a free loopback port that records the
/// Authorization header of every request it receives (what the gateway injected) and echoes the path.
/// </summary>
internal sealed class RecordingUpstream : IAsyncDisposable
{
    private readonly List<string> _authorization = [];
    private readonly WebApplication _app;

    private RecordingUpstream(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The Authorization headers received, in order (a copy).</summary>
    public IReadOnlyList<string> Authorization
    {
        get
        {
            lock (_authorization)
            {
                return [.. _authorization];
            }
        }
    }

    public static async Task<RecordingUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var upstream = new RecordingUpstream(builder.Build());
        upstream._app.Run(async context =>
        {
            lock (upstream._authorization)
            {
                upstream._authorization.Add(context.Request.Headers.Authorization.ToString());
            }
            await context.Response.WriteAsJsonAsync(new { echoed_authorization = context.Request.Headers.Authorization.ToString(), path = context.Request.Path.Value });
        });
        await upstream._app.StartAsync();
        upstream.Url = new Uri(upstream._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
