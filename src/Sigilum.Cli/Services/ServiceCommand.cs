using System.CommandLine;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service</c>: services agents call through the gateway, with their provider secrets.</summary>
internal static class ServiceCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("service", "Add, list, change, rotate, test and delete the services agents reach through the gateway.")
        {
            ServiceAddCommand.Create(context),
            ServiceListCommand.Create(context),
            ServiceGetCommand.Create(context),
            ServiceUpdateCommand.Create(context),
            ServiceRotateCommand.Create(context),
            ServiceTestCommand.Create(context),
            ServiceDeleteCommand.Create(context),
        };
        context.Examples.AddDetails(command,
            "A service exists in two places with one id: the control plane (the namespace's service and its API key, which " +
            "claims and approvals refer to) and the gateway (the connection: upstream URL, how the secret is injected, the " +
            "encrypted secret versions). `service add` makes both in one step. Control-plane calls need the owner's sign-in " +
            "(`sigilum auth login`; `sigilum up` does it locally); gateway calls go to its admin API, which accepts loopback " +
            "callers, or the admin token from --admin-token-file / $GATEWAY_ADMIN_TOKEN. Secret values are never printed.");
        context.Examples.Add(command,
            "sigilum service add --template openai --name OpenAI --id openai --secret-env api_key=OPENAI_API_KEY",
            "sigilum service list",
            "sigilum service test openai --path /v1/models",
            "sigilum service rotate openai --secret-env api_key=NEW_KEY",
            "sigilum service delete openai --yes");
        return command;
    }
}
