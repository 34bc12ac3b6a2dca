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
        return CommandDeclaration.Define("run", token, port, home, commandLine).WithAction(async (parseResult, cancellationToken) =>
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
    }
}
