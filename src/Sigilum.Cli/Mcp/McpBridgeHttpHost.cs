using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// <c>sigilum mcp bridge --http &lt;port&gt;</c>: the same server over streamable HTTP at
/// <c>http://127.0.0.1:&lt;port&gt;/mcp</c>, for clients that only speak HTTP. Bound to 127.0.0.1 only, from an empty
/// host builder: no appsettings.json of the working directory, no ASPNETCORE_URLS, can move the listener off loopback.
/// </summary>
internal static class McpBridgeHttpHost
{
    public const string Path = "/mcp";

    public static async Task RunAsync(CliContext context, McpBridge bridge, int port, string posture, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = McpBridge.ServerName });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddLogging(logging => logging.ClearProviders());
        builder.Services.AddRouting();
        var options = bridge.CreateOptions();
        builder.Services.AddMcpServer(server =>
        {
            server.ServerInfo = options.ServerInfo;
            server.Capabilities = options.Capabilities;
            server.ServerInstructions = options.ServerInstructions;
            server.Handlers = options.Handlers;
        }).WithHttpTransport();
        await using var app = builder.Build();
        app.Use(McpBridgeLoopbackGuard.InvokeAsync);
        app.MapMcp(Path);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            // Kestrel: "Failed to bind to address …: address already in use."
            throw new CliException(ExitCodes.Network, $"Cannot listen on 127.0.0.1:{port}: {ex.Message.TrimEnd('.')}. Pick another --http port, or 0 for any free one ({McpBridgeErrorCodes.PortInUse})");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.TrimEnd('/') + Path);
        context.Output.Error.WriteLine($"{posture}, streamable HTTP on {url.AbsoluteUri} (loopback only; any local process that reaches it acts as this agent)");
        context.Environment.ServerReady?.Invoke(url);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: stop serving below.
        }
        await app.StopAsync(CancellationToken.None);
    }
}
