using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Server;
using Sigilum.Cli.Agents;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// <c>sigilum mcp bridge --connection &lt;id&gt;</c>: an MCP server on stdio (or streamable HTTP on loopback with
/// <c>--http</c>) that any MCP client starts with one config line, and that reaches the gateway's MCP routes signed as
/// the agent — so the client never holds the provider's key, and the owner approves, limits and revokes the agent
/// (ADR 0043). Agent, subject, namespace and gateway resolve as for <c>sigilum agent</c> (ADR 0038).
/// </summary>
internal static class McpBridgeCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var connection = new Option<string>("--connection", "-c")
        {
            Description = "Gateway connection id of an MCP server, e.g. sigilum-secure-linear.",
            HelpName = "id",
            Required = true,
        };
        var http = new Option<int?>("--http")
        {
            Description = "Serve streamable HTTP on 127.0.0.1:<port>/mcp instead of stdio (0 = any free port, printed on stderr).",
            HelpName = "port",
        };
        var tokenFile = new Option<string>("--token-file")
        {
            Description = "With --http: the bearer token every request must send, from this file (yours, mode 0600, at least 32 bytes). " +
                "Without it a new token is written to $SIGILUM_HOME/run/mcp-bridge-<port>/token and deleted on stop.",
            HelpName = "path",
        };
        var options = new AgentOptions(withJson: false);
        return CommandDeclaration.Define("bridge", [connection, http, tokenFile, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var id = AgentInput.ConnectionId(parseResult.GetRequiredValue(connection));
            var port = parseResult.GetValue(http);
            if (port is < 0 or > 65535)
            {
                throw new CliException(ExitCodes.Usage, $"--http must be a TCP port from 0 to 65535 (0 = any free port) ({ErrorCatalogue.McpBridgePortInvalid})");
            }
            var tokenPath = parseResult.GetValue(tokenFile);
            if (tokenPath is not null && port is null)
            {
                throw new CliException(ExitCodes.Usage, $"--token-file needs --http: stdio has no token, its caller owns the pipe ({ErrorCatalogue.McpBridgeTokenFileInvalid})");
            }
            // Read and checked before anything else is opened, and before the listener exists: an unsafe file never serves.
            using var token = tokenPath is null ? null : McpBridgeToken.Load(context.ResolvePath(tokenPath));
            var settings = options.Resolve(parseResult, context);
            using var client = AgentGatewayClient.Open(settings, context);
            var bridge = new McpBridge(client, settings, id);
            var posture = string.Create(CultureInfo.InvariantCulture,
                $"mcp bridge: connection {id} at {settings.GatewayUrl.AbsoluteUri.TrimEnd('/')}, agent {settings.Agent.AgentId} (from {settings.Agent.Source}), " +
                $"namespace {settings.Namespace}, subject {settings.Subject.Subject} (from {settings.Subject.Source}), key {client.PublicKey}");
            if (port is { } listen)
            {
                await McpBridgeHttpHost.RunAsync(context, bridge, listen, token, tokenPath is null ? null : context.ResolvePath(tokenPath), posture, cancellationToken);
                return ExitCodes.Ok;
            }
            context.Output.Error.WriteLine(posture + ", stdio");
            var serverOptions = bridge.CreateOptions();
            // The SDK's stdio transport owns the process's stdin and stdout; its logs would go nowhere useful, ours go to stderr.
            await using var transport = new StdioServerTransport(serverOptions, NullLoggerFactory.Instance);
            await using var server = McpServer.Create(transport, serverOptions, NullLoggerFactory.Instance);
            await server.RunAsync(cancellationToken);
            return ExitCodes.Ok;
        });
    }
}
