using System.CommandLine;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;

namespace Sigilum.Cli.Gateway;

/// <summary>The options of <c>gateway start</c> (and <c>restart</c>), resolved into <see cref="GatewaySettings"/>.</summary>
internal sealed class GatewayStartOptions
{
    public Option<string?> Namespace { get; } = CommonOptions.Namespace();

    public Option<int?> Port { get; } = new("--port", "-p") { Description = "Port on 127.0.0.1 (0 picks a free one) [default: from $GATEWAY_ADDR, else 38100].", HelpName = "port" };

    public Option<string?> ApiUrl { get; } = CommonOptions.ApiUrl();

    public Option<string?> Store { get; } = new("--store") { Description = "Where replay state and connections live [default: $SIGILUM_GATEWAY_STORE, else sqlite].", HelpName = "sqlite|postgres" };

    public Option<string?> Postgres { get; } = new("--postgres") { Description = "PostgreSQL connection string for --store postgres [default: $SIGILUM_GATEWAY_POSTGRES].", HelpName = "conn" };

    public Option<string?> Config { get; } = ServerOptions.Config();

    public Option<bool> AcceptStoreRollback { get; } = new("--accept-store-rollback")
    {
        Description = "Confirm that the gateway database was restored from a backup on purpose: start although it is older than the audit log (the confirmation is audited).",
    };

    public Option<bool> Detach { get; } = new("--detach", "-d") { Description = "Run in the background; return once it answers /health." };

    public Option<bool> Daemon { get; } = new(BackgroundServer.DaemonFlag) { Hidden = true };

    public Option<string?> Home { get; } = CommonOptions.Home();

    public Option<bool> Json { get; } = CommonOptions.Json();

    public GatewayStartOptions() => Store.AcceptOnlyFromAmong("sqlite", "postgres");

    /// <summary>The options in help order, for <see cref="CommandDeclaration.Define"/>.</summary>
    public IEnumerable<Symbol> Symbols => [Namespace, Port, ApiUrl, Store, Postgres, Config, AcceptStoreRollback, Detach, Daemon, Home, Json];

    public GatewaySettings Resolve(CliContext context, SigilumPaths paths, ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        return GatewaySettings.Resolve(context, paths, parseResult.GetValue(Port), parseResult.GetValue(Namespace), parseResult.GetValue(ApiUrl), parseResult.GetValue(Store), parseResult.GetValue(Postgres))
            with { ConfigFile = parseResult.GetValue(Config) is { } file ? context.ResolvePath(file) : null, AcceptStoreRollback = parseResult.GetValue(AcceptStoreRollback) };
    }
}
