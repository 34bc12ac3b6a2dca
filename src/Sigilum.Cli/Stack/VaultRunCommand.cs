using System.CommandLine;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

/// <summary>
/// <c>sigilum vault-run</c> (hidden): the vault of the local stack in this process, paired by <c>up</c> beforehand. What
/// <c>up --detach</c> runs in the background (issue 17), so the vault starts, stops (<c>sigilum down</c>) and is seen
/// (<c>doctor</c>) with the control plane and the gateway; the pairing and the owner's sign-in stay with <c>up</c>.
/// </summary>
internal static class VaultRunCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "Vault proxy port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => LocalVault.DefaultPort, HelpName = "port" };
        var adminPort = new Option<int>("--admin-port") { Description = "Admin port on 127.0.0.1 for /health and /metrics (0 picks a free one).", DefaultValueFactory = _ => UpCommand.DefaultVaultAdminPort, HelpName = "port" };
        var daemon = new Option<bool>(BackgroundServer.DaemonFlag) { Hidden = true };
        var home = CommonOptions.Home();
        var command = new Command(LocalVault.RunCommandName)
        {
            port, adminPort, daemon, home,
        };
        command.Hidden = true;
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var isDaemon = parseResult.GetValue(daemon);
            if (isDaemon)
            {
                LocalProcess.DetachFromTerminal();
            }
            await using (var vault = await LocalVault.RunAsync(context, paths, parseResult.GetValue(port), parseResult.GetValue(adminPort), isDaemon, cancellationToken))
            {
                context.Output.Out.WriteLine($"Vault running at {vault.Url} (health and metrics: {vault.State.AdminUrl}).");
                context.Environment.ServerReady?.Invoke(vault.Url);
                await vault.WaitForStopAsync(cancellationToken);
                context.Output.Error.WriteLine("Stopping the vault…");
            }
            context.Output.Error.WriteLine("Vault stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
