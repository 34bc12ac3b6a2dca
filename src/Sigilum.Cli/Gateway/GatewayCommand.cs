using System.CommandLine;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway …</c>: run and inspect the local gateway.</summary>
internal static class GatewayCommand
{
    public static Command Create(CliContext context)
    {
        return context.Examples.Group("gateway", "Run the gateway: the signed, approved, credential-injecting proxy agents call.",
            new CommandManual(
                null,
                "sigilum gateway start --detach",
                "sigilum gateway status",
                "sigilum gateway logs -f",
                "sigilum gateway stop",
                "sudo sigilum gateway service install"),
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
