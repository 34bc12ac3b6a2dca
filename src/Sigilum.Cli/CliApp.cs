using System.CommandLine;
using Sigilum.Cli.Agents;
using Sigilum.Cli.Audit;
using Sigilum.Cli.Auth;
using Sigilum.Cli.Claims;
using Sigilum.Cli.Diagnostics;
using Sigilum.Cli.Doctor;
using Sigilum.Cli.Gateway;
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
            VaultRunCommand.Create(context),
            CommandDeclaration.Group("api", ApiStartCommand.Create(context), ApiStopCommand.Create(context), ApiStatusCommand.Create(context)),
            CommandDeclaration.Group("gateway",
                GatewayStartCommand.Create(context), GatewayStopCommand.Create(context), GatewayStatusCommand.Create(context),
                GatewayLogsCommand.Create(context), GatewayRestartCommand.Create(context), GatewayConnectCommand.Create(context),
                GatewayPairingCommand.Create(context), GatewayPairCommand.Create(context), GatewayAuditReopenCommand.Create(context),
                GatewayServiceCommand.Create(context)),
            CommandDeclaration.Group("auth", AuthLoginCommand.Create(context), AuthLogoutCommand.Create(context), AuthStatusCommand.Create(context)),
            NamespaceCommand.Create(context),
            CommandDeclaration.Group("claims",
                ClaimsListCommand.Create(context), ClaimShowCommand.Create(context), ClaimDecisionCommand.Create(context, ClaimDecision.Approve),
                ClaimDecisionCommand.Create(context, ClaimDecision.Reject), ClaimDecisionCommand.Create(context, ClaimDecision.Revoke)),
            CommandDeclaration.Group("webhooks", WebhookAddCommand.Create(context), WebhookListCommand.Create(context), WebhookRemoveCommand.Create(context)),
            CommandDeclaration.Group("service",
                ServiceAddCommand.Create(context), ServiceListCommand.Create(context), ServiceGetCommand.Create(context),
                ServiceUpdateCommand.Create(context), ServiceRotateCommand.Create(context), ServiceTestCommand.Create(context),
                ServiceDiscoverCommand.Create(context), ServicePolicyCommand.Create(context), ServiceDeleteCommand.Create(context)),
            CommandDeclaration.Group("variable", VariableSetCommand.Create(context), VariableListCommand.Create(context), VariableDeleteCommand.Create(context)),
            CommandDeclaration.Group("audit", AuditVerifyCommand.Create(context), AuditTailCommand.Create(context)),
            DoctorCommand.Create(context),
            CommandDeclaration.Group("agent", AgentToolsCommand.Create(context), AgentCallCommand.Create(context), AgentProxyCommand.Create(context)),
            CommandDeclaration.Group("mcp", McpBridgeCommand.Create(context)),
            CommandDeclaration.Group("openclaw",
                OpenClawConnectCommand.Create(context), OpenClawInstallCommand.Create(context), OpenClawStatusCommand.Create(context),
                OpenClawImportKeysCommand.Create(context), OpenClawUninstallCommand.Create(context)),
            Update.UpdateCommand.Create(context));
}
