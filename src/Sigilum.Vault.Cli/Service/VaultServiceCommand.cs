using System.CommandLine;
using Sigilum.CommandLine.Services;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Cli.Service;

/// <summary>
/// <c>sigil-vault service install|uninstall|status</c> (issue 12 item 2): the vault as the system user <c>sigil-vault</c>
/// with its home in <c>/var/lib/sigil-vault</c>, run by systemd with <c>start</c> in the foreground after an idempotent
/// <c>init</c>. The shared implementation is <see cref="SystemServiceCommand"/>; this is what is the vault's.
/// </summary>
internal static class VaultServiceCommand
{
    public const string UnitName = "sigil-vault";

    public static ServiceProfile Profile(Option<int?>? port = null) => new(UnitName, "vault", "Sigil Vault (attestation-gated HTTPS proxy that releases credentials to AI agents)",
        "sigil-vault service", typeof(VaultServiceCommand).Assembly.Location)
    {
        InstallOptions = port is null ? [] : [port],
        // init creates the store, CA and node key on first start and changes nothing after (it is idempotent).
        PrepareArguments = stateDirectory => ["init", "--home", stateDirectory],
        StartArguments = (parseResult, stateDirectory) => ["start", "--home", stateDirectory, .. ServicePort.Arguments(parseResult, port)],
        NextSteps = installation =>
        [
            $"Configure it as the service user (never as root in its directory: root-owned files would lock it out): sudo -u {installation.User} {Self()} trust add|agents create|backends add|routes add … --home {installation.StateDirectory}",
            $"Agents trust the vault CA from a public copy (the state directory is private): sudo install -m 0644 {installation.DataDirectory}/ca/ca.crt /usr/local/share/ca-certificates/sigil-vault.crt && sudo update-ca-certificates",
            $"Secrets for env backends go in /etc/default/{UnitName} (mode 0600, owner root), read by systemd when it starts the vault.",
        ],
    };

    public static Command Create(VaultCliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var port = new Option<int?>("--port") { Description = $"Port on 127.0.0.1 [default: {VaultProxyOptions.DefaultPort}].", HelpName = "port" };
        return SystemServiceCommand.Create(Profile(port), context.Environment.Services, context.Output);
    }

    private static string Self() => ServiceEntryPoint.Current("sigil-vault", typeof(VaultServiceCommand).Assembly.Location).CommandLine();
}
