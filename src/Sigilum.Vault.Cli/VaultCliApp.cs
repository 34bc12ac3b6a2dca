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

    private static Command BuildRoot(VaultCliContext context)
    {
        var root = CommandLineApp.Root(context.Examples, "sigil-vault", "Sigil Vault: an attestation-gated HTTPS proxy that releases credentials to AI agents just in time.",
            new CommandManual(
                "Everything lives in <home>/vault (home: --home, else $SIGILUM_HOME, else ~/.sigilum). Every command takes --json. " +
                "--store postgres keeps the configuration and jti replay on a PostgreSQL shared by several vaults (connection string in " +
                "$SIGILUM_VAULT_POSTGRES or a file: --postgres-file); the CA, node key and audit log stay per node. " +
                "Exit codes: 0 ok, 1 check failed, 2 usage error, 3 not found / not initialised, 4 invalid input data, 5 network failure, " +
                "6 local file error, 70 internal error, 130 cancelled. docs/vault.md is the guide.",
                "sigil-vault init",
                "sigil-vault trust add --kid k1 --fingerprint sha256:<hex> --jwks-url http://127.0.0.1:8787/.well-known/jwks.json --issuer sigilum",
                "sigil-vault agents create --name bot",
                "sigil-vault backends add --name dev --kind env",
                "sigil-vault routes add --agent-id agt_… --host api.openai.com --path '/v1/*' --backend dev --secret OPENAI_API_KEY",
                "sigil-vault start",
                "sigil-vault run --token svt_… -- python agent.py",
                "sudo sigil-vault service install"),
            new VersionOption(),
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
            VaultServiceCommand.Create(context));
        root.Options.Add(context.StoreOptions.Store);
        root.Options.Add(context.StoreOptions.PostgresFile);
        return root;
    }
}
