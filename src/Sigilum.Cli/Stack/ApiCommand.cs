using System.CommandLine;

namespace Sigilum.Cli.Stack;

/// <summary><c>sigilum api</c>: run the control plane alone (start, stop, status).</summary>
internal static class ApiCommand
{
    public static Command Create(CliContext context)
    {
        return context.Examples.Group("api", "Run the control plane (API) on its own: start, stop, status.",
            new CommandManual(
                "The control plane keeps namespaces, services, claims and owner sign-ins. It listens on 127.0.0.1 (port 8787 " +
                "unless --port or $SIGILUM_API_PORT says otherwise) and stores its data under $SIGILUM_HOME/controlplane/ " +
                "(sigilum.db and master.key, both owner-only). `sigilum up` runs it together with the rest of the stack.",
                "sigilum api start",
                "sigilum api start --detach && sigilum api status",
                "sigilum api stop"),
            ApiStartCommand.Create(context), ApiStopCommand.Create(context), ApiStatusCommand.Create(context));
    }
}
