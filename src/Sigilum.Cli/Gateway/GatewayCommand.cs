using System.CommandLine;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway …</c>: run and inspect the local gateway.</summary>
internal static class GatewayCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("gateway",
            GatewayStartCommand.Create(context),
            GatewayStopCommand.Create(context),
            GatewayStatusCommand.Create(context),
            GatewayLogsCommand.Create(context),
            GatewayRestartCommand.Create(context),
            GatewayConnectCommand.Create(context),
            GatewayPairingCommand.Create(context),
            GatewayPairCommand.Create(context),
            GatewayAuditReopenCommand.Create(context),
            GatewayServiceCommand.Create(context));
    }
}
