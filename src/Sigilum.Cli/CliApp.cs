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

    // Every command's description, details and examples (Help/manual.md, embedded); parsed once per process.
    private static readonly CommandManuals Manuals = CommandManuals.FromResource(typeof(CliApp).Assembly, "manual.md");

    private static Command BuildRoot(CliContext context) =>
        CommandLineApp.Root(Manuals, "sigilum",
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
