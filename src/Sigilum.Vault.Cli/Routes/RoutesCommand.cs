using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Vault.Release;
using Sigilum.Vault.Store;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes add|list|remove</c>: which agent gets which credential for which host and path.</summary>
internal static class RoutesCommand
{
    public static Command Create(VaultCliContext context)
    {
        var command = new Command("routes", "Add, list and remove routes (agent + host + path → backend secret).") { Add(context), List(context), Remove(context) };
        context.Examples.AddDetails(command,
            "A route releases one backend secret to one agent for requests whose host matches --host (exact, or *.suffix for sub-domains) and " +
            "whose path matches --path (* matches anything, including /). The first matching route, in creation order, wins. " +
            "Hosts with no route are refused, and a host resolving to a private, loopback, link-local or metadata address is refused unless " +
            "its route has --allow-private-network. A route names the upstream's --scheme and --port (default https and 443): another port of " +
            "the host is refused (ROUTE_PORT_MISMATCH), and plain http is refused (PLAIN_HTTP_REFUSED) unless the route says --scheme http and the " +
            "vault runs with --insecure-allow-plain-http-upstreams. Without --header or --query the credential goes into 'Authorization: Bearer {{credential}}'.");
        context.Examples.Add(command,
            "sigil-vault routes add --agent-id agt_0123 --host api.openai.com --path '/v1/*' --backend dev --secret OPENAI_API_KEY",
            "sigil-vault routes add --agent-id agt_0123 --host api.example.com --path '/*' --backend dev --secret KEY --header 'X-Api-Key={{credential}}'",
            "sigil-vault routes add --agent-id agt_0123 --host api.example.com --port 8443 --backend dev --secret KEY",
            "sigil-vault routes list --json");
        return command;
    }

    private static Command Add(VaultCliContext context)
    {
        var agent = new Option<string>("--agent-id") { Description = "The agent (agt_…).", Required = true, HelpName = "id" };
        var host = new Option<string>("--host") { Description = "Host pattern: api.example.com or *.example.com.", Required = true, HelpName = "pattern" };
        var path = new Option<string>("--path") { Description = "Path glob [default: /*].", DefaultValueFactory = _ => "/*", HelpName = "glob" };
        var backend = new Option<string>("--backend") { Description = "Backend name.", Required = true, HelpName = "name" };
        var secret = new Option<string>("--secret") { Description = "The secret reference in that backend (for env: a variable name).", Required = true, HelpName = "ref" };
        var header = new Option<string[]>("--header") { Description = "Inject as a header: 'Name=Template {{credential}}' (repeatable).", HelpName = "Name=Template", AllowMultipleArgumentsPerToken = false };
        var query = new Option<string?>("--query") { Description = "Inject as a query parameter: 'name={{credential}}'.", HelpName = "name=Template" };
        var allowPrivate = new Option<bool>("--allow-private-network") { Description = "Allow targets on private, loopback or link-local addresses (insecure outside development)." };
        var scheme = new Option<string>("--scheme")
        {
            Description = "Upstream scheme: https, or http (released only when the vault runs with --insecure-allow-plain-http-upstreams) [default: https].",
            DefaultValueFactory = _ => RouteConfig.Https,
            HelpName = "https|http",
        };
        scheme.AcceptOnlyFromAmong(RouteConfig.Https, RouteConfig.Http);
        var port = new Option<int?>("--port") { Description = "Upstream port (1-65535) [default: 443 for https, 80 for http].", HelpName = "port" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("add", "Add a route.") { agent, host, path, backend, secret, header, query, allowPrivate, scheme, port, home, json };
        context.Examples.Add(command, "sigil-vault routes add --agent-id agt_0123 --host api.openai.com --path '/v1/*' --backend dev --secret OPENAI_API_KEY");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var hostPattern = parseResult.GetValue(host)!.ToLowerInvariant();
            if (!RouteMatcher.IsValidHostPattern(hostPattern))
            {
                throw new CliException(ExitCodes.Usage, "--host must be a host name, an IP address or *.suffix (no port, no trailing dot).");
            }
            var glob = parseResult.GetValue(path)!;
            if (!glob.StartsWith('/') || glob.Any(c => c <= ' ' || c >= 0x7F))
            {
                throw new CliException(ExitCodes.Usage, "--path must start with / and contain only visible ASCII.");
            }
            var secretRef = parseResult.GetValue(secret)!;
            if (secretRef.Length is 0 or > 1024 || secretRef.Any(char.IsControl))
            {
                throw new CliException(ExitCodes.Usage, "--secret must be 1-1024 printable characters.");
            }
            var headers = new List<HeaderTemplate>();
            foreach (var text in parseResult.GetValue(header) ?? [])
            {
                if (!HeaderTemplate.TryParse(text, isHeader: true, out var template, out var error))
                {
                    throw new CliException(ExitCodes.Usage, "--header: " + error);
                }
                headers.Add(template);
            }
            HeaderTemplate? queryTemplate = null;
            if (parseResult.GetValue(query) is { } queryText && !HeaderTemplate.TryParse(queryText, isHeader: false, out queryTemplate, out var queryError))
            {
                throw new CliException(ExitCodes.Usage, "--query: " + queryError);
            }
            var routeScheme = parseResult.GetValue(scheme)!;
            var routePort = parseResult.GetValue(port) ?? (routeScheme == RouteConfig.Http ? 80 : RouteConfig.DefaultPort);
            if (!RouteConfig.IsValidPort(routePort))
            {
                throw new CliException(ExitCodes.Usage, "--port must be 1-65535.");
            }
            var route = new RouteConfig("rt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), parseResult.GetValue(agent)!, hostPattern, glob,
                parseResult.GetValue(backend)!, secretRef, headers, queryTemplate, parseResult.GetValue(allowPrivate), context.Environment.Time.GetUtcNow())
            {
                Scheme = routeScheme,
                Port = routePort,
            };
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            switch (await store.AddRouteAsync(route, cancellationToken))
            {
                case "agent_not_found":
                    throw new CliException(ExitCodes.NotFound, $"No agent '{route.AgentId}' (sigil-vault agents list).");
                case "backend_not_found":
                    throw new CliException(ExitCodes.NotFound, $"No backend '{route.Backend}' (sigil-vault backends list).");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "routes add", ["route"] = ToJson(route) });
            }
            else
            {
                context.Output.Out.WriteLine($"Added route {route.Id}: {route.AgentId} → {Target(route)} ← {route.Backend}:{route.SecretRef}.");
                if (route.AllowPrivateNetwork)
                {
                    context.Output.WriteWarning("this route may reach private, loopback and link-local addresses.");
                }
                if (route.Scheme == RouteConfig.Http)
                {
                    context.Output.WriteWarning("this route sends the credential in clear text; the vault releases it only when started with --insecure-allow-plain-http-upstreams.");
                }
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List routes in match order.") { home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var routes = await store.ListRoutesAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "routes list", ["routes"] = new JsonArray([.. routes.Select(ToJson)]) });
                return ExitCodes.Ok;
            }
            if (routes.Count == 0)
            {
                context.Output.Out.WriteLine("No routes. Add one with: sigil-vault routes add --agent-id <id> --host <host> --path '/*' --backend <name> --secret <ref>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("id", "agent", "scheme", "host", "port", "path", "backend", "secret", "inject", "private");
            foreach (var r in routes)
            {
                table.AddRow(new Text(r.Id), new Text(r.AgentId), new Text(r.Scheme), new Text(r.HostPattern), new Text(r.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(r.PathGlob), new Text(r.Backend), new Text(r.SecretRef),
                    new Text(Injection(r)), new Text(r.AllowPrivateNetwork ? "yes" : "no"));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(VaultCliContext context)
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

    /// <summary><c>https://api.example.com:443/v1/*</c>: the port always shown, so nobody guesses it.</summary>
    private static string Target(RouteConfig r) =>
        r.Scheme + "://" + r.HostPattern + ":" + r.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) + r.PathGlob;

    private static string Injection(RouteConfig r)
    {
        var parts = r.Headers.Select(h => h.Name + ": " + h.Template).ToList();
        if (r.Query is { } q)
        {
            parts.Add("?" + q.Name + "=" + q.Template);
        }
        return parts.Count == 0 ? "Authorization: " + HeaderTemplate.DefaultAuthorization.Template : string.Join("; ", parts);
    }

    private static JsonObject ToJson(RouteConfig r) => new()
    {
        ["id"] = r.Id,
        ["agentId"] = r.AgentId,
        ["scheme"] = r.Scheme,
        ["host"] = r.HostPattern,
        ["port"] = r.Port,
        ["path"] = r.PathGlob,
        ["backend"] = r.Backend,
        ["secret"] = r.SecretRef,
        ["headers"] = new JsonArray([.. r.Headers.Select(h => (JsonNode)JsonValue.Create(h.Name + "=" + h.Template)!)]),
        ["query"] = r.Query is { } q ? q.Name + "=" + q.Template : null,
        ["allowPrivateNetwork"] = r.AllowPrivateNetwork,
    };
}
