using System.CommandLine;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes remove</c>.</summary>
internal static class RoutesRemoveCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "routes remove", new Argument<string>("id") { Description = "The route id (rt_…)." }, "route",
            (store, routeId, cancellationToken) => StoreCommand.Require(store.RemoveRouteAsync(routeId, cancellationToken), $"No route '{routeId}'."));
}
