using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary>
/// <c>sigilum service add</c>: in one step, the control-plane service and its API key (as the namespace owner), the
/// gateway connection with the provider secret, and the service key stored in the gateway. A failed step undoes the
/// earlier ones, so a half-made service is never left behind silently.
/// </summary>
internal static class ServiceAddCommand
{
    public static readonly string[] AuthModes = ["bearer", "header_key", "query_param"];

    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The service's display name.", HelpName = "name", Required = true };
        var id = new Option<string?>("--id") { Description = "Service id = gateway connection id [default: the template's, else the name slugified].", HelpName = "id" };
        var description = new Option<string?>("--description") { Description = "A description for the control plane.", HelpName = "text" };
        var baseUrl = new Option<string?>("--base-url") { Description = "The upstream API, e.g. https://api.openai.com [default: the template's].", HelpName = "url" };
        var authMode = new Option<string?>("--auth-mode") { Description = "How the secret is injected [default: the template's, else bearer].", HelpName = "mode" };
        authMode.AcceptOnlyFromAmong(AuthModes);
        var headerName = new Option<string?>("--auth-header-name") { Description = "Header (or query parameter for query_param) [default: Authorization, api_key for query_param].", HelpName = "name" };
        var prefix = new Option<string?>("--auth-prefix") { Description = "Text before the secret [default: 'Bearer ' for bearer, else none].", HelpName = "text" };
        var secretKey = new Option<string?>("--auth-secret-key") { Description = "Which --secret is injected [default: the template's, else the only secret].", HelpName = "key" };
        var template = new Option<string?>("--template") { Description = "Fill URL and auth settings from the gateway's service catalogue (openai, claude, gemini, github, slack, …).", HelpName = "key" };
        var rotation = new Option<int?>("--rotation-interval-days") { Description = "Rotation due this many days after each rotation.", HelpName = "days" };
        var secret = SecretArguments.Secret();
        var secretEnv = SecretArguments.SecretEnv();
        var options = new ServiceOptions();
        var command = new Command("add", "Add a service: control-plane service and key, gateway connection with its secret, in one step.")
        {
            name, id, description, baseUrl, authMode, headerName, prefix, secretKey, secret, secretEnv, template, rotation,
        };
        options.AddTo(command);
        context.Examples.AddDetails(command,
            "Three steps, undone in reverse if a later one fails: (1) as the namespace owner, POST /v1/namespaces/<ns>/services " +
            "(slug = id) and a service API key; (2) POST /api/admin/connections on the gateway with id = slug, so the gateway " +
            "files claims and follows approvals for this service; (3) PUT /api/admin/service-api-keys/<id> stores the service " +
            "key in the gateway. Secret values are never printed: give them as K=@file, K=- (stdin) or --secret-env K=VAR " +
            "(K=VALUE works but shows in shell history and ps). A secret whose whole value is {{VAR}} uses the gateway's " +
            "credential variable VAR (sigilum variable set). --json prints {command, namespace, apiUrl, gatewayUrl, service, " +
            "connection, serviceKey:{id, key_prefix, stored}}. Agents then call <gateway>/proxy/<id>/<path>. " +
            "Exit codes: 2 bad arguments, 7 not signed in, 5 control plane or gateway unreachable, 1 the id is taken.");
        context.Examples.Add(command,
            "sigilum service add --template openai --name OpenAI --id openai --secret-env api_key=OPENAI_API_KEY",
            "sigilum service add --name Linear --base-url https://api.linear.app --auth-mode header_key --auth-secret-key token --secret token=@linear.key",
            "printf %s \"$KEY\" | sigilum service add --name Echo --base-url http://127.0.0.1:9000 --auth-secret-key api_key --secret api_key=-",
            "sigilum service add --name Brave --template brave-search --secret api_key={{BRAVE_KEY}} --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var secrets = SecretArguments.Read(context, parseResult.GetValue(secret), parseResult.GetValue(secretEnv));
            try
            {
                if (secrets.Count == 0)
                {
                    throw new CliException(ExitCodes.Usage, "Give the provider secret with --secret K=@file, --secret K=-, --secret-env K=VAR or --secret K=VALUE.");
                }
                using var gateway = options.OpenGateway(context, parseResult);
                var found = parseResult.GetValue(template) is { } key ? await FindTemplateAsync(gateway, key, cancellationToken) : null;
                var serviceName = parseResult.GetRequiredValue(name).Trim();
                var serviceId = ServiceIds.Validate(
                    parseResult.GetValue(id) ?? ServiceFields.Text(found, "connection_id") ?? ServiceIds.Slugify(serviceName),
                    parseResult.GetValue(id) is null ? "from the name" : "--id");
                var upstream = parseResult.GetValue(baseUrl) ?? ServiceFields.Text(found, "base_url")
                    ?? throw new CliException(ExitCodes.Usage, "--base-url is required (or a --template that has one).");
                if (!Uri.TryCreate(upstream, UriKind.Absolute, out var upstreamUri) || upstreamUri.Scheme is not ("http" or "https"))
                {
                    throw new CliException(ExitCodes.Usage, $"--base-url must be an absolute http(s) URL, not '{upstream}'.");
                }
                var mode = parseResult.GetValue(authMode) ?? ServiceFields.Text(found, "auth_mode") ?? "bearer";
                var injected = parseResult.GetValue(secretKey) ?? ServiceFields.Text(found, "auth_secret_key")
                    ?? (secrets.Count == 1 ? secrets[0].Key : throw new CliException(ExitCodes.Usage, "--auth-secret-key is required with more than one --secret."));
                if (secrets.All(s => s.Key != injected))
                {
                    throw new CliException(ExitCodes.Usage, $"--auth-secret-key {injected} must be one of the --secret names ({string.Join(", ", secrets.Select(s => s.Key))}).");
                }
                var spec = new ConnectionSpec(serviceId, serviceName, upstream, mode,
                    parseResult.GetValue(headerName) ?? (parseResult.GetValue(authMode) is null ? ServiceFields.Text(found, "auth_header_name") : null),
                    parseResult.GetValue(prefix) ?? (parseResult.GetValue(authMode) is null && found?["auth_prefix"] is JsonValue p ? p.GetValue<string>() : null),
                    ServiceFields.Text(found, "path_prefix"), injected, parseResult.GetValue(rotation));

                using var owner = options.OpenOwner(context, parseResult);
                var result = await new ServiceSetup(owner, gateway).RunAsync(spec, parseResult.GetValue(description), upstreamUri, secrets, cancellationToken);
                if (parseResult.GetValue(options.Json))
                {
                    context.Output.WriteJson(new JsonObject
                    {
                        ["command"] = "service add",
                        ["namespace"] = owner.Namespace,
                        ["apiUrl"] = ApiUrl.Display(owner.Client.BaseUrl),
                        ["gatewayUrl"] = gateway.Display,
                        ["service"] = result.Service?.DeepClone(),
                        ["connection"] = result.Connection?.DeepClone(),
                        ["serviceKey"] = result.ServiceKey.DeepClone(),
                    });
                    return ExitCodes.Ok;
                }
                var console = context.Output.Console;
                console.MarkupLine($"[green]Added service[/] [bold]{Markup.Escape(serviceId)}[/] ({Markup.Escape(serviceName)}) in {Markup.Escape(owner.Namespace)}:");
                console.MarkupLine($"  control plane  service {Markup.Escape(serviceId)}, API key {Markup.Escape(ServiceFields.Show(result.ServiceKey, "key_prefix"))} stored in the gateway");
                console.MarkupLine($"  gateway        {Markup.Escape(upstream)} ({Markup.Escape(ServiceFields.Show(result.Connection, "auth_mode"))}, {Markup.Escape(ServiceFields.Show(result.Connection, "auth_header_name"))}), secret {Markup.Escape(injected)} v{ServiceFields.Number(result.Connection, "secret_version")}");
                console.MarkupLine($"  agents call    {Markup.Escape(gateway.Display)}/proxy/{Markup.Escape(serviceId)}/…  (approve them with: sigilum claims list --status pending)");
                return ExitCodes.Ok;
            }
            finally
            {
                secrets.ForEach(s => s.Dispose());
            }
        });
        return command;
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
