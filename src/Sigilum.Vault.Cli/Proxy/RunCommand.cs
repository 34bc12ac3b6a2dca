using System.CommandLine;
using System.Diagnostics;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Cli.Proxy;

/// <summary><c>sigil-vault run --token T -- CMD…</c>: runs a command whose HTTP(S) goes through the vault.</summary>
internal static class RunCommand
{
    public static Command Create(VaultCliContext context)
    {
        var token = new Option<string>("--token") { Description = "The agent token (from `agents create`).", Required = true, HelpName = "token" };
        var port = new Option<int>("--port") { Description = $"The vault's port [default: {VaultProxyOptions.DefaultPort}].", DefaultValueFactory = _ => VaultProxyOptions.DefaultPort, HelpName = "port" };
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments (after --).", Arity = ArgumentArity.OneOrMore };
        var home = CommonOptions.Home();
        var command = context.Examples.Define("run", "Run a command with HTTPS_PROXY, HTTP_PROXY and the CA variables set for the vault.",
            new CommandManual(
                "Sets HTTPS_PROXY/HTTP_PROXY (and lower-case forms) to http://agent:<token>@127.0.0.1:<port>, empties NO_PROXY, and points " +
                "SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and NODE_EXTRA_CA_CERTS at the vault CA; sets NODE_USE_ENV_PROXY=1. " +
                "The command still has to attach X-Sigil-Attestation to each request. Exits with the command's exit code.",
                "sigil-vault run --token svt_… -- curl -H \"X-Sigil-Attestation: $JWT\" https://api.example.com/v1/models"),
            token, port, home, commandLine);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            if (!File.Exists(paths.CaCertificate))
            {
                throw new CliException(ExitCodes.NotFound, $"No CA at {paths.CaCertificate}; run: sigil-vault init");
            }
            var argv = parseResult.GetValue(commandLine)!;
            var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
            foreach (var arg in argv.Skip(1))
            {
                start.ArgumentList.Add(arg);
            }
            foreach (var (name, value) in RunEnvironment.Build(parseResult.GetValue(token)!, parseResult.GetValue(port), paths.CaCertificate))
            {
                start.Environment[name] = value;
            }
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new CliException(ExitCodes.NotFound, $"Could not start '{argv[0]}'.");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new CliException(ExitCodes.NotFound, $"Could not start '{argv[0]}': {ex.Message}");
            }
            using (process)
            {
                await process.WaitForExitAsync(cancellationToken);
                return process.ExitCode;
            }
        });
        return command;
    }
}
