using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes list</c>.</summary>
internal static class RoutesListCommand
{
    public static Command Create(VaultCliContext context) =>
        StoreCommand.List(context,
            (store, cancellationToken) => store.ListRoutesAsync(cancellationToken),
            routes => new JsonObject { ["command"] = "routes list", ["routes"] = new JsonArray([.. routes.Select(RoutesCommand.ToJson)]) },
            new TableReport<RouteConfig>("No routes. Add one with: sigil-vault routes add --agent-id <id> --host <host> --path '/*' --backend <name> --secret <ref>",
                ["id", "agent", "scheme", "host", "port", "path", "backend", "secret", "inject", "private"],
                r => [r.Id, r.AgentId, r.Scheme, r.HostPattern, r.Port.ToString(CultureInfo.InvariantCulture), r.PathGlob, r.Backend, r.SecretRef,
                    RoutesCommand.Injection(r), r.AllowPrivateNetwork ? "yes" : "no"]));
}
