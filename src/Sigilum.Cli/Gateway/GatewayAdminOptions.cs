using System.CommandLine;

namespace Sigilum.Cli.Gateway;

/// <summary>The options every command on the gateway's admin API takes: <c>--gateway-url</c> and <c>--admin-token-file</c>.</summary>
internal sealed class GatewayAdminOptions
{
    public Option<string?> GatewayUrl { get; } = new("--gateway-url")
    {
        Description = "Gateway URL [default: $SIGILUM_GATEWAY_URL, else the gateway this home runs, else http://127.0.0.1:38100].",
        HelpName = "url",
    };

    public Option<string?> AdminTokenFile { get; } = new("--admin-token-file")
    {
        Description = "File holding the gateway's admin token [default: $GATEWAY_ADMIN_TOKEN, else <home>/gateway/admin.token for a gateway on loopback].",
        HelpName = "file",
    };

    /// <summary>The options in help order, for <see cref="CommandDeclaration.Define"/>.</summary>
    public IEnumerable<Symbol> Symbols => [GatewayUrl, AdminTokenFile];


    public GatewayAdminClient Open(CliContext context, ParseResult parseResult, string? home)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        var paths = context.ResolvePaths(home);
        var url = GatewayAdminClient.ResolveUrl(context, parseResult.GetValue(GatewayUrl), paths);
        return new GatewayAdminClient(context, url, GatewayAdminClient.ResolveToken(context, parseResult.GetValue(AdminTokenFile), paths, url));
    }
}
