using System.CommandLine;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service</c>: services agents call through the gateway, with their provider secrets.</summary>
internal static class ServiceCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("service",
            ServiceAddCommand.Create(context),
            ServiceListCommand.Create(context),
            ServiceGetCommand.Create(context),
            ServiceUpdateCommand.Create(context),
            ServiceRotateCommand.Create(context),
            ServiceTestCommand.Create(context),
            ServiceDiscoverCommand.Create(context),
            ServicePolicyCommand.Create(context),
            ServiceDeleteCommand.Create(context));
    }
}
