using System.CommandLine;
using Sigilum.Cli.Gateway;

namespace Sigilum.Cli.Variables;

/// <summary>What the variable commands share: the gateway's admin API, <c>--home</c> (for its run state) and <c>--json</c>.</summary>
internal sealed class VariableOptions
{
    public GatewayAdminOptions Gateway { get; } = new();

    public Option<string?> Home { get; } = CommonOptions.Home();

    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>The gateway's admin options, <c>--home</c> and <c>--json</c>, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [.. Gateway.Symbols, Home, Json];

    public GatewayAdminClient Open(CliContext context, ParseResult parseResult) => Gateway.Open(context, parseResult, parseResult.GetValue(Home));
}
