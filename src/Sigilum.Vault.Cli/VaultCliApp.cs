using System.CommandLine;
using Sigilum.Vault.Cli.Agents;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Cli.Backends;
using Sigilum.Vault.Cli.Ca;
using Sigilum.Vault.Cli.Diagnostics;
using Sigilum.Vault.Cli.Proxy;
using Sigilum.Vault.Cli.Routes;
using Sigilum.Vault.Cli.Service;
using Sigilum.Vault.Cli.Setup;
using Sigilum.Vault.Cli.Trust;
using Sigilum.Vault.Cli.Witness;

namespace Sigilum.Vault.Cli;

/// <summary>
/// The <c>sigil-vault</c> command line (issue 6 item 1), runnable in-process: tests call
/// <see cref="RunAsync"/> with their own writers and environment; <c>Program</c> passes the console's.
/// Structure, exit codes and help layout mirror <c>sigilum</c>.
/// </summary>
internal static class VaultCliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, VaultCliEnvironment environment, CancellationToken cancellationToken = default) =>
        CommandLineApp.RunAsync(args, stdout, stderr, environment, output => BuildRoot(new VaultCliContext(environment, output)),
            TimeSpan.FromSeconds(15), cancellationToken: cancellationToken);

    // Every command's description, details and examples (Help/manual.md, embedded); parsed once per process.
    private static readonly CommandManuals Manuals = CommandManuals.FromResource(typeof(VaultCliApp).Assembly, "manual.md");

    private static Command BuildRoot(VaultCliContext context)
    {
        var root = CommandLineApp.Root(Manuals, "sigil-vault",
            new VersionOption(),
            InitCommand.Create(context),
            CommandDeclaration.Group("trust", TrustAddCommand.Create(context), TrustListCommand.Create(context), TrustRemoveCommand.Create(context)),
            Aliased(CommandDeclaration.Group("agents", AgentsCreateCommand.Create(context), AgentsListCommand.Create(context), AgentsRevokeCommand.Create(context)), "agent"),
            CommandDeclaration.Group("backends", BackendsAddCommand.Create(context), BackendsListCommand.Create(context), BackendsTestCommand.Create(context), BackendsRemoveCommand.Create(context)),
            CommandDeclaration.Group("routes", RoutesAddCommand.Create(context), RoutesListCommand.Create(context), RoutesRemoveCommand.Create(context)),
            CaCommand.Create(context),
            StartCommand.Create(context),
            RunCommand.Create(context),
            CommandDeclaration.Group("audit", AuditTailCommand.Create(context), AuditVerifyCommand.Create(context)),
            DoctorCommand.Create(context),
            ConnectCommand.Create(context),
            VaultServiceCommand.Create(context));
        root.Options.Add(context.StoreOptions.Store);
        root.Options.Add(context.StoreOptions.PostgresFile);
        return root;
    }

    // `sigil-vault agent …` reads as well as `agents …`.
    private static Command Aliased(Command command, string alias)
    {
        command.Aliases.Add(alias);
        return command;
    }
}
