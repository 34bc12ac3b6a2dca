using System.CommandLine;
using System.CommandLine.Help;
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
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, VaultCliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        stdout = TextWriter.Synchronized(stdout);
        stderr = TextWriter.Synchronized(stderr);
        var output = new CliOutput(stdout, stderr, environment);
        var context = new VaultCliContext(environment, output);
        return await CommandLineRunner.RunAsync(BuildRoot(context), args, output, TimeSpan.FromSeconds(15), cancellationToken: cancellationToken);
    }

    private static Command BuildRoot(VaultCliContext context)
    {
        var root = new Command("sigil-vault", "Sigil Vault: an attestation-gated HTTPS proxy that releases credentials to AI agents just in time.")
        {
            InitCommand.Create(context),
            TrustCommand.Create(context),
            AgentsCommand.Create(context),
            BackendsCommand.Create(context),
            RoutesCommand.Create(context),
            CaCommand.Create(context),
            StartCommand.Create(context),
            RunCommand.Create(context),
            AuditCommand.Create(context),
            DoctorCommand.Create(context),
            ConnectCommand.Create(context),
            VaultServiceCommand.Create(context),
        };
        var help = new HelpOption();
        var helpAction = new ExamplesHelpAction((HelpAction)help.Action!, context.Examples);
        help.Action = helpAction;
        root.Options.Add(help);
        root.Options.Add(new VersionOption());
        context.Examples.AddDetails(root,
            "Everything lives in <home>/vault (home: --home, else $SIGILUM_HOME, else ~/.sigilum). Every command takes --json. " +
            "Exit codes: 0 ok, 1 check failed, 2 usage error, 3 not found / not initialised, 4 invalid input data, 5 network failure, " +
            "6 local file error, 70 internal error, 130 cancelled. docs/vault.md is the guide.");
        context.Examples.Add(root,
            "sigil-vault init",
            "sigil-vault trust add --kid k1 --fingerprint sha256:<hex> --jwks-url http://127.0.0.1:8787/.well-known/jwks.json --issuer sigilum",
            "sigil-vault agents create --name bot",
            "sigil-vault backends add --name dev --kind env",
            "sigil-vault routes add --agent-id agt_… --host api.openai.com --path '/v1/*' --backend dev --secret OPENAI_API_KEY",
            "sigil-vault start",
            "sigil-vault run --token svt_… -- python agent.py",
            "sudo sigil-vault service install");
        root.SetAction(helpAction.Invoke);
        foreach (var group in root.Subcommands.Where(c => c.Subcommands.Count > 0 && c.Action is null))
        {
            group.SetAction(helpAction.Invoke);
        }
        return root;
    }
}
