using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.AspNetCore.RequestIds;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port composed the way the gateway host does: request ids,
/// <see cref="OperationsEndpoints.UseGatewayOperations"/>, the operations routes, an admin group with
/// <c>GET /api/admin/ping</c> (a loopback-readable route), <c>POST /api/admin/ping</c> (an operator route), and <c>/proxy/{**rest}</c> that waits for <see cref="ReleaseProxy"/> when asked.
/// </summary>
internal sealed class OperationsHost : IAsyncDisposable
{
    public const string TestToken = "0123456789abcdef0123456789abcdef";

    private readonly WebApplication _app;
    private readonly TaskCompletionSource _proxyGate = NewGate();
    private readonly TaskCompletionSource _proxyEntered = NewGate();

    private OperationsHost(WebApplication app, Uri baseUri, CapturingLoggerProvider logs)
    {
        _app = app;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = baseUri };
    }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public GatewayMetrics Metrics => _app.Services.GetRequiredService<GatewayMetrics>();

    /// <summary>When true, <c>/proxy</c> requests wait until <see cref="ReleaseProxy"/>.</summary>
    public bool HoldProxy { get; set; }

    /// <summary>Completes when a held <c>/proxy</c> request has entered its handler.</summary>
    public Task ProxyEntered => _proxyEntered.Task;

    public void ReleaseProxy() => _proxyGate.TrySetResult();

    public static async Task<OperationsHost> StartAsync(OperationsOptions? options = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGatewayOperations(options ?? new OperationsOptions());
        services?.Invoke(builder.Services);
        var app = builder.Build();
        OperationsHost? host = null;
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseGatewayOperations(context => context.Request.Path.StartsWithSegments("/proxy", StringComparison.Ordinal));
        OperationsEndpoints.Map(app);
        var admin = OperationsEndpoints.CreateAdminGroup(app);
        admin.MapGet("/ping", () => Results.Text("pong")).ReadableFromLoopback();
        admin.MapPost("/ping", () => Results.Text("posted"));
        // Marked readable but also mapped for POST: only its GET may be a loopback read.
        admin.MapMethods("/both", [HttpMethods.Get, HttpMethods.Post], () => Results.Text("both")).ReadableFromLoopback();
        app.Map("/proxy/{**rest}", async (HttpContext context) =>
        {
            if (host!.HoldProxy)
            {
                host._proxyEntered.TrySetResult();
                await host._proxyGate.Task.WaitAsync(context.RequestAborted);
            }
            return Results.Text("proxied");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new OperationsHost(app, new Uri(address), logs);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Trusts the test client (127.0.0.1) as a proxy, so X-Forwarded-For decides the client address.</summary>
    public static OperationsOptions BehindProxy(AdminAccessMode mode, string? token = null) => new()
    {
        Admin = new AdminAccessOptions { Mode = mode, Token = token, TrustedProxyCidrs = [IPAddress.Loopback + "/32"] },
    };
}
