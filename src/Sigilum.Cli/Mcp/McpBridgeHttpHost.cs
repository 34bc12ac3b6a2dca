using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// <c>sigilum mcp bridge --http &lt;port&gt;</c>: the same server over streamable HTTP at
/// <c>http://127.0.0.1:&lt;port&gt;/mcp</c>, for clients that only speak HTTP. Bound to 127.0.0.1 only, from an empty
/// host builder: no appsettings.json of the working directory, no ASPNETCORE_URLS, can move the listener off loopback.
/// Every request needs the bearer token (<see cref="McpBridgeTokenGuard"/>): <c>--token-file</c>'s when given,
/// else a random one written to <c>$SIGILUM_HOME/run/mcp-bridge-&lt;port&gt;/token</c> (0600 in a 0700 directory) and
/// deleted when the bridge stops. stderr names the file, never the token.
/// </summary>
internal static class McpBridgeHttpHost
{
    public const string Path = "/mcp";

    public static async Task RunAsync(CliContext context, McpBridge bridge, int port, McpBridgeToken? provided, string? tokenFile, string posture, CancellationToken cancellationToken)
    {
        byte[]? generated = null;
        // The caller owns (and disposes) a token it loaded; a generated one is ours.
        using var owned = provided is null ? McpBridgeToken.Generate(out generated) : null;
        var token = provided ?? owned!;
        try
        {
            await ServeAsync(context, bridge, port, token, generated, tokenFile, posture, cancellationToken);
        }
        finally
        {
            if (generated is not null)
            {
                CryptographicOperations.ZeroMemory(generated);
            }
        }
    }

    private static async Task ServeAsync(CliContext context, McpBridge bridge, int port, McpBridgeToken token, byte[]? generated, string? tokenFile, string posture, CancellationToken cancellationToken)
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
        app.Use(new McpBridgeTokenGuard(token, new McpBridgeTokenFailures(context.Environment.Time)).InvokeAsync);
        app.MapMcp(Path);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            // Kestrel: "Failed to bind to address …: address already in use."
            throw new CliException(ExitCodes.Network, $"Cannot listen on 127.0.0.1:{port}: {ex.Message.TrimEnd('.')}. Pick another --http port, or 0 for any free one ({ErrorCatalogue.McpBridgePortInUse})");
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = new Uri(address.TrimEnd('/') + Path);
        string? written = null;
        try
        {
            if (generated is not null)
            {
                written = context.ResolvePaths(null).McpBridgeTokenFile(url.Port);
                McpBridgeToken.WriteGenerated(written, generated);
                CryptographicOperations.ZeroMemory(generated);
            }
            var file = written ?? tokenFile!;
            context.Output.Error.WriteLine(
                $"{posture}, streamable HTTP on {url.AbsoluteUri} (loopback only; every request needs the header " +
                $"\"Authorization: Bearer <contents of {file}>\"{(written is null ? "" : ", a new token on every start, deleted on stop")})");
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
        finally
        {
            if (written is not null)
            {
                // A token left behind would let whoever reads it later act as the agent on the next bridge of this port.
                McpBridgeToken.DeleteGenerated(written);
            }
        }
    }
}
