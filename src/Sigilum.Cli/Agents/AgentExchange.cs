using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Runs one helper command against the gateway under a single deadline (the protocol lookup included) and prints the
/// answer; transport failures become <c>AGENT_GATEWAY_UNREACHABLE</c> / <c>AGENT_GATEWAY_TIMEOUT</c> with exit 5.
/// Whenever the gateway answers, whatever the status, the exit code is 0: the agent reads <c>HTTP_STATUS=</c>.
/// </summary>
internal static class AgentExchange
{
    public static async Task<int> RunAsync(
        CliContext context, string command, AgentSettings settings, string connection,
        Func<AgentGatewayClient, CancellationToken, Task<AgentReply>> exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(exchange);
        using var client = AgentGatewayClient.Open(settings, context);
        var reply = await WithinDeadlineAsync(client, settings, exchange, cancellationToken);
        AgentOutput.Write(context, command, settings, client.PublicKey, connection, reply);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// One exchange with the gateway under <see cref="AgentSettings.Timeout"/>: its answer, whatever the status, or a
    /// <see cref="CliException"/> with <c>AGENT_GATEWAY_UNREACHABLE</c> / <c>AGENT_GATEWAY_TIMEOUT</c> when none came.
    /// The helper commands run one; <c>sigilum mcp bridge</c> runs one per MCP request on a long-lived client.
    /// </summary>
    public static async Task<AgentReply> WithinDeadlineAsync(
        AgentGatewayClient client, AgentSettings settings,
        Func<AgentGatewayClient, CancellationToken, Task<AgentReply>> exchange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(exchange);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            return await exchange(client, deadline.Token);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network,
                $"The gateway at {settings.GatewayUrl.AbsoluteUri.TrimEnd('/')} could not be reached: {ex.Message.TrimEnd('.')}. Is it running (`sigilum gateway status`), and is SIGILUM_GATEWAY_URL right? ({ErrorCatalogue.AgentGatewayUnreachable})");
        }
        catch (IOException ex)
        {
            throw new CliException(ExitCodes.Network,
                $"The connection to the gateway at {settings.GatewayUrl.AbsoluteUri.TrimEnd('/')} broke: {ex.Message.TrimEnd('.')}. ({ErrorCatalogue.AgentGatewayUnreachable})");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network,
                $"The gateway at {settings.GatewayUrl.AbsoluteUri.TrimEnd('/')} did not answer within {settings.Timeout.TotalSeconds:0} s (--timeout, {AgentOptions.TimeoutVariable}) ({ErrorCatalogue.AgentGatewayTimeout})");
        }
    }
}
