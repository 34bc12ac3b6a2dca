using System.CommandLine;

namespace Sigilum.Cli.Auth;

/// <summary><c>sigilum auth</c>: owner sign-in to a control plane (login, logout, status).</summary>
internal static class AuthCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("auth",
            AuthLoginCommand.Create(context),
            AuthLogoutCommand.Create(context),
            AuthStatusCommand.Create(context));
    }
}
