using System.CommandLine;

namespace Sigilum.Cli.Auth;

/// <summary><c>sigilum auth</c>: owner sign-in to a control plane (login, logout, status).</summary>
internal static class AuthCommand
{
    public static Command Create(CliContext context)
    {
        return context.Examples.Group("auth", "Sign in to a control plane as the owner of your namespace: login, logout, status.",
            new CommandManual(
                "Owners sign in with their identity key, no password: `auth login` signs a request with the identity of the " +
                "namespace and receives an owner token, stored 0600 in $SIGILUM_HOME/controlplane/owner-token-<namespace> (one per " +
                "control plane URL) and never printed. The owner commands (namespace, claims, webhooks) use it. A namespace must " +
                "be registered once first: `sigilum namespace register` (`sigilum up` does both on the local control plane). " +
                "The control plane is --api-url, else $SIGILUM_API_URL, else the one this home runs, else http://127.0.0.1:8787.",
                "sigilum auth login",
                "sigilum auth status --json",
                "sigilum auth login --api-url https://cp.example.test --namespace alice",
                "sigilum auth logout"),
            AuthLoginCommand.Create(context),
            AuthLogoutCommand.Create(context),
            AuthStatusCommand.Create(context));
    }
}
