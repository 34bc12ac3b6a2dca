using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes remove</c>.</summary>
internal static class RoutesRemoveCommand
{
    public static Command Create(VaultCliContext context)
    {
        var id = new Argument<string>("id") { Description = "The route id (rt_…)." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a route; it stops matching from the next request on.") { id, home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var routeId = parseResult.GetValue(id)!;
            if (!await store.RemoveRouteAsync(routeId, cancellationToken))
            {
                throw new CliException(ExitCodes.NotFound, $"No route '{routeId}'.");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "routes remove", ["id"] = routeId, ["removed"] = true });
            }
            else
            {
                context.Output.Out.WriteLine($"Removed route {routeId}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
