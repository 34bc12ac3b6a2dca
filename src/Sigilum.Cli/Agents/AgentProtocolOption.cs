using System.CommandLine;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// <c>--protocol auto|http|mcp</c> for <c>tools</c> and <c>call</c> (default <c>$SIGILUM_CONNECTION_PROTOCOL</c>, the
/// override Sigilum's helper reads, else auto: ask the gateway).
/// </summary>
internal sealed class AgentProtocolOption
{
    public const string Variable = "SIGILUM_CONNECTION_PROTOCOL";

    private readonly Option<string?> _option = new("--protocol")
    {
        Description = $"How the connection is served: http (/proxy/<id>/), mcp (/mcp/<id>/…) or auto [default: ${Variable}, else auto: the gateway's connection description].",
        HelpName = "auto|http|mcp",
    };

    public AgentProtocolOption() => _option.AcceptOnlyFromAmong("auto", "http", "mcp");

    public void AddTo(Command command) => command.Options.Add(_option);

    public ConnectionProtocol Resolve(ParseResult parseResult, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(getVariable);
        if (parseResult.GetValue(_option) is { } given)
        {
            return AgentGatewayClient.Parse(given);
        }
        var variable = OpenClawLocations.NonEmpty(getVariable(Variable));
        if (variable is null || variable.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return ConnectionProtocol.Auto;
        }
        var parsed = AgentGatewayClient.Parse(variable);
        return parsed != ConnectionProtocol.Auto
            ? parsed
            : throw new CliException(ExitCodes.Usage, $"{Variable} must be auto, http or mcp ({ErrorCatalogue.AgentInputInvalid})");
    }
}
