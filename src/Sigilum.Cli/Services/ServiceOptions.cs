using System.CommandLine;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Services;

/// <summary>
/// What the service commands share: the owner's sign-in for the control plane (<c>--api-url</c>, <c>--namespace</c>,
/// <c>--home</c>), the gateway's admin API (<c>--gateway-url</c>, <c>--admin-token-file</c>) and <c>--json</c>.
/// </summary>
internal sealed class ServiceOptions
{
    public OwnerOptions Owner { get; } = new();

    public GatewayAdminOptions Gateway { get; } = new();

    public Option<bool> Json { get; } = CommonOptions.Json();

    /// <summary>The sign-in, the gateway's admin options and <c>--json</c>, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [.. Owner.SignIn, .. Gateway.Symbols, Json];

    public OwnerSession OpenOwner(CliContext context, ParseResult parseResult) => Owner.Open(context, parseResult);

    public GatewayAdminClient OpenGateway(CliContext context, ParseResult parseResult) =>
        Gateway.Open(context, parseResult, parseResult.GetValue(Owner.Home));

    /// <summary>The namespace the owner commands act for, without needing a sign-in (e.g. <c>rotated_by</c>).</summary>
    public string ResolveNamespace(CliContext context, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        return OwnerOptions.ResolveNamespace(context.OpenStore(parseResult.GetValue(Owner.Home)), parseResult.GetValue(Owner.Namespace));
    }
}
