using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes remove</c>.</summary>
internal static class RoutesRemoveCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.Remove(context, "remove", new Argument<string>("id") { Description = "The route id (rt_…)." },
            "Remove a route; it stops matching from the next request on.", new CommandManual(null),
            async (store, routeId, cancellationToken) =>
            {
                if (!await store.RemoveRouteAsync(routeId, cancellationToken))
                {
                    throw new CliException(ExitCodes.NotFound, $"No route '{routeId}'.");
                }
            },
            routeId => new JsonObject { ["command"] = "routes remove", ["id"] = routeId, ["removed"] = true },
            routeId => $"Removed route {routeId}.");
}
