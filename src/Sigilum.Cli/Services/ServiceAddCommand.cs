using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary>
/// <c>sigilum service add</c>: in one step, the control-plane service and its API key (as the namespace owner), the
/// gateway connection with the provider secret, and the service key stored in the gateway. A failed step undoes the
/// earlier ones, so a half-made service is never left behind silently. An MCP service (<c>--protocol mcp</c>) then has
/// its tools discovered once, so the owner sees at once what agents will be offered.
/// </summary>
internal static class ServiceAddCommand
{
    public static readonly string[] AuthModes = ["bearer", "header_key", "query_param"];

    public static Command Create(CliContext context)
    {
        var options = new ServiceAddOptions();
        var command = context.Examples.Define("add", "Add a service: control-plane service and key, gateway connection with its secret, in one step.",
            new CommandManual(
                "Three steps, undone in reverse if a later one fails: (1) as the namespace owner, POST /v1/namespaces/<ns>/services " +
                "(slug = id) and a service API key; (2) POST /api/admin/connections on the gateway with id = slug, so the gateway " +
                "files claims and follows approvals for this service; (3) PUT /api/admin/service-api-keys/<id> stores the service " +
                "key in the gateway. Secret values are never printed: give them as K=@file, K=- (stdin) or --secret-env K=VAR " +
                "(K=VALUE works but shows in shell history and ps). A secret whose whole value is {{VAR}} uses the gateway's " +
                "credential variable VAR (sigilum variable set). --json prints {command, namespace, apiUrl, gatewayUrl, service, " +
                "connection, serviceKey:{id, key_prefix, stored}, mcp}. Agents then call <gateway>/proxy/<id>/<path>. " +
                "With --protocol mcp the upstream is an MCP server (--mcp-endpoint under --base-url, or an absolute URL): agents list and " +
                "call its tools through <gateway>/mcp/<id>/tools (or `sigilum mcp bridge --connection <id>`), only the tools the policy " +
                "exposes (--mcp-allow, --mcp-deny, --mcp-max-tools; change it later with `sigilum service policy`); the secret is optional " +
                "for an MCP server without auth. After adding, the gateway discovers the tools once; a failed discovery is a warning (the " +
                "service exists; retry with `sigilum service discover`). " +
                "Exit codes: 2 bad arguments, 7 not signed in, 5 control plane or gateway unreachable, 1 the id is taken.",
                "sigilum service add --template openai --name OpenAI --id openai --secret-env api_key=OPENAI_API_KEY",
                "sigilum service add --template openai --name OpenAI --secret-env api_key=OPENAI_API_KEY --hold-seconds 120",
                "sigilum service add --name Linear --base-url https://api.linear.app --auth-mode header_key --auth-secret-key token --secret token=@linear.key",
                "printf %s \"$KEY\" | sigilum service add --name Echo --base-url http://127.0.0.1:9000 --auth-secret-key api_key --secret api_key=-",
                "sigilum service add --name Brave --template brave-search --secret api_key={{BRAVE_KEY}} --json",
                "sigilum service add --name \"Linear MCP\" --id linear-mcp --protocol mcp --base-url https://mcp.linear.app --mcp-endpoint /mcp --secret-env token=LINEAR_KEY --mcp-deny delete_issue"));
        options.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(context, options, parseResult, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ServiceAddOptions options, ParseResult parseResult, CancellationToken cancellationToken)
    {
        var secrets = SecretArguments.Read(context, parseResult.GetValue(options.Secret), parseResult.GetValue(options.SecretEnv));
        try
        {
            using var gateway = options.Common.OpenGateway(context, parseResult);
            var template = parseResult.GetValue(options.Template) is { } key ? await FindTemplateAsync(gateway, key, cancellationToken) : null;
            var spec = options.ToSpec(parseResult, template, secrets);
            using var owner = options.Common.OpenOwner(context, parseResult);
            var result = await new ServiceSetup(owner, gateway).RunAsync(
                spec, parseResult.GetValue(options.Description), ServiceAddOptions.UpstreamUri(spec.BaseUrl), secrets, cancellationToken);
            var connection = spec.Mcp is null ? result.Connection : await DiscoverOnceAsync(context, gateway, spec.Id, result.Connection, cancellationToken);
            if (parseResult.GetValue(options.Common.Json))
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["command"] = "service add",
                    ["namespace"] = owner.Namespace,
                    ["apiUrl"] = ApiUrl.Display(owner.Client.BaseUrl),
                    ["gatewayUrl"] = gateway.Display,
                    ["service"] = result.Service?.DeepClone(),
                    ["connection"] = connection?.DeepClone(),
                    ["serviceKey"] = result.ServiceKey.DeepClone(),
                    ["mcp"] = spec.Mcp is null ? null : McpPolicyOutput.Describe(connection, subject: null),
                });
                return ExitCodes.Ok;
            }
            WriteAdded(context.Output.Console, owner.Namespace, gateway.Display, spec, result with { Connection = connection });
            return ExitCodes.Ok;
        }
        finally
        {
            secrets.ForEach(s => s.Dispose());
        }
    }

    private static void WriteAdded(IAnsiConsole console, string ns, string gatewayUrl, ConnectionSpec spec, ServiceSetup.Result result)
    {
        console.MarkupLine($"[green]Added service[/] [bold]{Markup.Escape(spec.Id)}[/] ({Markup.Escape(spec.Name)}) in {Markup.Escape(ns)}:");
        console.MarkupLine($"  control plane  service {Markup.Escape(spec.Id)}, API key {Markup.Escape(ServiceFields.Show(result.ServiceKey, "key_prefix"))} stored in the gateway");
        var secret = spec.AuthSecretKey is { } injected
            ? $"({ServiceFields.Show(result.Connection, "auth_mode")}, {ServiceFields.Show(result.Connection, "auth_header_name")}), secret {injected} v{ServiceFields.Number(result.Connection, "secret_version")}"
            : "(no secret)";
        if (spec.Mcp is null)
        {
            console.MarkupLine($"  gateway        {Markup.Escape(spec.BaseUrl)} {Markup.Escape(secret)}");
            console.MarkupLine($"  agents call    {Markup.Escape(gatewayUrl)}/proxy/{Markup.Escape(spec.Id)}/…  (approve them with: sigilum claims list --status pending)");
            return;
        }
        var endpoint = ServiceFields.Text(result.Connection, "mcp_endpoint") ?? spec.Mcp.Endpoint ?? "/";
        console.MarkupLine($"  gateway        MCP {Markup.Escape(ServiceFields.Text(result.Connection, "mcp_transport") ?? spec.Mcp.Transport ?? "streamable_http")} {Markup.Escape(spec.BaseUrl)} endpoint {Markup.Escape(endpoint)} {Markup.Escape(secret)}");
        console.MarkupLine($"  agents call    {Markup.Escape(gatewayUrl)}/mcp/{Markup.Escape(spec.Id)}/tools  or  sigilum mcp bridge --connection {Markup.Escape(spec.Id)}");
        McpPolicyOutput.Write(console, result.Connection, subject: null);
    }

    /// <summary>
    /// Asks the gateway to discover the new MCP connection's tools once and returns the connection as it is after that.
    /// A failure is only a warning: the service exists and works once the server answers (the gateway also retries on its own).
    /// </summary>
    private static async Task<JsonNode?> DiscoverOnceAsync(CliContext context, GatewayAdminClient gateway, string id, JsonNode? created, CancellationToken cancellationToken)
    {
        var path = "/connections/" + ApiClient.Segment(id);
        var discovered = await gateway.TrySendAsync(HttpMethod.Post, path + "/discover?refresh=force", null, cancellationToken);
        if (!discovered.IsSuccess)
        {
            context.Output.WriteWarning($"The service was added, but its tools could not be discovered yet: {gateway.ToException(discovered).Message.TrimEnd('.')}. Retry with: sigilum service discover {id}");
            return created;
        }
        var current = await gateway.TrySendAsync(HttpMethod.Get, path, null, cancellationToken);
        return current.IsSuccess ? current.Body : created;
    }

    private static async Task<JsonNode> FindTemplateAsync(GatewayAdminClient gateway, string key, CancellationToken cancellationToken)
    {
        var catalog = await gateway.SendAsync(HttpMethod.Get, "/service-catalog", null, cancellationToken);
        var services = catalog?["services"] as JsonArray ?? [];
        return services.FirstOrDefault(s => string.Equals(ServiceFields.Text(s, "key"), key, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException(ExitCodes.NotFound,
                $"The gateway's service catalogue has no template '{key}'; it has: {string.Join(", ", services.Select(s => ServiceFields.Text(s, "key")).Where(k => k is not null))}.");
    }
}
