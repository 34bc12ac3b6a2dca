using System.CommandLine;
using Sigilum.Cli.Agents;
using Sigilum.Cli.Audit;
using Sigilum.Cli.Auth;
using Sigilum.Cli.Claims;
using Sigilum.Cli.Diagnostics;
using Sigilum.Cli.Doctor;
using Sigilum.Cli.Identity;
using Sigilum.Cli.Mcp;
using Sigilum.Cli.Namespaces;
using Sigilum.Cli.OpenClaw;
using Sigilum.Cli.Requests;
using Sigilum.Cli.Services;
using Sigilum.Cli.Signing;
using Sigilum.Cli.Stack;
using Sigilum.Cli.Variables;
using Sigilum.Cli.Webhooks;

namespace Sigilum.Cli;

/// <summary>
/// The <c>sigilum</c> command line, runnable in-process: tests call <see cref="RunAsync"/> with their own
/// writers and environment; <c>Program</c> passes the console's.
/// </summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliEnvironment environment, CancellationToken cancellationToken = default) =>
        CommandLineApp.RunAsync(args, stdout, stderr, environment, output => BuildRoot(new CliContext(environment, output)),
            TimeSpan.FromSeconds(25), action => action is VersionAction, cancellationToken);

    private static Command BuildRoot(CliContext context) =>
        CommandLineApp.Root(context.Examples, "sigilum",
            "Sigilum agent identities, signed HTTP requests (RFC 9421 profile sigilum-rfc9421-v1) and the local stack.",
            new CommandManual(
                "Identities, control-plane data, owner tokens, logs and run files live in --home, else $SIGILUM_HOME, else ~/.sigilum. " +
                "Every read command takes --json for scripts. " +
                "Exit codes: 0 ok, 1 check failed, 2 usage error, 3 not found, 4 invalid input data, 5 network failure, " +
                "6 local file error, 7 not signed in or not allowed, 70 internal error, 130 cancelled.",
                "sigilum up",
                "sigilum claims list --status pending",
                "sigilum init alice",
                "sigilum sign POST https://api.example.test/v1/x --body '{\"a\":1}'",
                "sigilum request GET http://127.0.0.1:38100/proxy/linear/v1/issues -i",
                "sigilum <command> --help"),
            new VersionOption { Action = new VersionAction() },
            InitCommand.Create(context),
            ListCommand.Create(context),
            WhoamiCommand.Create(context),
            SignCommand.Create(context),
            RequestCommand.Create(context),
            VerifyCommand.Create(context),
            VersionsCommand.Create(context),
            VersionsCommand.CreateVersion(context),
            UpCommand.Create(context),
            DownCommand.Create(context),
            VaultRunCommand.Create(context),
            ApiCommand.Create(context),
            Gateway.GatewayCommand.Create(context),
            AuthCommand.Create(context),
            NamespaceCommand.Create(context),
            ClaimsCommand.Create(context),
            WebhooksCommand.Create(context),
            ServiceCommand.Create(context),
            VariableCommand.Create(context),
            AuditCommand.Create(context),
            DoctorCommand.Create(context),
            AgentCommand.Create(context),
            McpCommand.Create(context),
            OpenClawCommand.Create(context),
            Update.UpdateCommand.Create(context));
}
