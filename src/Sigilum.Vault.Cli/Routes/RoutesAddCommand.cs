using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Vault.Release;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Routes;

/// <summary><c>sigil-vault routes add</c>.</summary>
internal static class RoutesAddCommand
{
    public static Command Create(VaultCliContext context)
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
        return CommandDeclaration.Define("add",
            agent,
            host,
            path,
            backend,
            secret,
            header,
            query,
            allowPrivate,
            scheme,
            port,
            home,
            json).WithAction(async (parseResult, cancellationToken) =>
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
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            switch (await store.AddRouteAsync(route, cancellationToken))
            {
                case "agent_not_found":
                    throw new CliException(ExitCodes.NotFound, $"No agent '{route.AgentId}' (sigil-vault agents list).");
                case "backend_not_found":
                    throw new CliException(ExitCodes.NotFound, $"No backend '{route.Backend}' (sigil-vault backends list).");
            }
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "routes add", ["route"] = RoutesCommand.ToJson(route) },
                output =>
                {
                    output.Out.WriteLine($"Added route {route.Id}: {route.AgentId} → {RoutesCommand.Target(route)} ← {route.Backend}:{route.SecretRef}.");
                    if (route.AllowPrivateNetwork)
                    {
                        output.WriteWarning("this route may reach private, loopback and link-local addresses.");
                    }
                    if (route.Scheme == RouteConfig.Http)
                    {
                        output.WriteWarning("this route sends the credential in clear text; the vault releases it only when started with --insecure-allow-plain-http-upstreams.");
                    }
                });
        });
    }
}
