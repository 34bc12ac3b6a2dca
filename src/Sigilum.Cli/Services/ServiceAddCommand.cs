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
        return CommandDeclaration.Define("add", [.. options.Symbols]).WithAction((parseResult, cancellationToken) => RunAsync(context, options, parseResult, cancellationToken));
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
