using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.AspNetCore.Metrics;

namespace Sigilum.Vault.Admin;

/// <summary>
/// The vault's admin port (ADR 0061): <c>GET /health</c> and Prometheus <c>GET /metrics</c> on its own Kestrel listener,
/// on loopback only and apart from the agent-facing proxy port, so a scraper never speaks the proxy protocol and an agent
/// never reaches the operator's endpoints through the proxy. Nothing here reads a token or a secret; the metrics are
/// counts with fixed label sets (<see cref="VaultMetrics"/>).
/// </summary>
internal sealed class VaultAdminServer : IAsyncDisposable
{
    public const string HealthPath = "/health";
    public const string MetricsPath = "/metrics";

    /// <summary>The default admin port: next to the proxy's 10255.</summary>
    public const int DefaultPort = 10256;

    private readonly WebApplication _app;

    private VaultAdminServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Port => EndPoint.Port;

    /// <summary>Listens on 127.0.0.1:<paramref name="port"/> (0 picks a free one).</summary>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<VaultAdminServer> StartAsync(int port, VaultMetrics metrics, Func<string> posture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "sigil-vault-admin" });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddLogging(logging => logging.ClearProviders());
        builder.Services.AddRouting();
        var app = builder.Build();
        app.UseRouting();
        string[] read = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods(HealthPath, read, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(new VaultHealth("ok", "sigil-vault", posture()));
        });
        app.MapMethods(MetricsPath, read, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(metrics.Render(), PrometheusText.ContentType);
        });
        app.MapFallback("{**path}", () => Results.NotFound());
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new VaultAdminServer(app, new IPEndPoint(IPAddress.Loopback, address.Port));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
