using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service update &lt;id&gt;</c>: change the connection's settings (not its secrets: that is <c>rotate</c>).</summary>
internal static class ServiceUpdateCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id)." };
        var name = new Option<string?>("--name") { Description = "New display name (gateway and control plane).", HelpName = "name" };
        var baseUrl = new Option<string?>("--base-url") { Description = "New upstream URL (the control plane's upstream host follows).", HelpName = "url" };
        var authMode = new Option<string?>("--auth-mode") { Description = "bearer, header_key or query_param (resets header and prefix to that mode's defaults unless given).", HelpName = "mode" };
        authMode.AcceptOnlyFromAmong(ServiceAddCommand.AuthModes);
        var headerName = new Option<string?>("--auth-header-name") { Description = "Header (or query parameter) the secret goes in.", HelpName = "name" };
        var prefix = new Option<string?>("--auth-prefix") { Description = "Text before the secret.", HelpName = "text" };
        var secretKey = new Option<string?>("--auth-secret-key") { Description = "Which stored secret is injected.", HelpName = "key" };
        var status = new Option<string?>("--status") { Description = "active, or disabled (the gateway refuses its requests).", HelpName = "status" };
        status.AcceptOnlyFromAmong("active", "disabled");
        var rotation = new Option<int?>("--rotation-interval-days") { Description = "Rotation due this many days after each rotation; 0 removes the policy.", HelpName = "days" };
        var hold = ServiceAddOptions.HoldSecondsOption();
        var options = new ServiceOptions();
        return CommandDeclaration.Define("update", [id, name, baseUrl, authMode, headerName, prefix, secretKey, status, rotation, hold, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            var patch = new JsonObject();
            Set(patch, "name", parseResult.GetValue(name));
            Set(patch, "base_url", parseResult.GetValue(baseUrl));
            Set(patch, "auth_mode", parseResult.GetValue(authMode));
            Set(patch, "auth_header_name", parseResult.GetValue(headerName));
            Set(patch, "auth_prefix", parseResult.GetValue(prefix));
            Set(patch, "auth_secret_key", parseResult.GetValue(secretKey));
            Set(patch, "status", parseResult.GetValue(status));
            if (parseResult.GetValue(rotation) is { } days)
            {
                patch["rotation_interval_days"] = days >= 0 ? days : throw new CliException(ExitCodes.Usage, "--rotation-interval-days must be 0 or more.");
            }
            if (parseResult.GetValue(hold) is { } seconds)
            {
                patch["hold_seconds"] = ServiceAddOptions.CheckHoldSeconds(seconds);
            }
            if (patch.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, "Nothing to change: give at least one of --name, --base-url, --auth-*, --status, --rotation-interval-days, --hold-seconds.");
            }
            Uri? upstream = null;
            if (parseResult.GetValue(baseUrl) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out upstream) || upstream.Scheme is not ("http" or "https")))
            {
                throw new CliException(ExitCodes.Usage, $"--base-url must be an absolute http(s) URL, not '{text}'.");
            }
            using var gateway = options.OpenGateway(context, parseResult);
            var connection = await gateway.SendAsync(HttpMethod.Patch, "/connections/" + ApiClient.Segment(serviceId), patch, cancellationToken);
            JsonNode? service = null;
            if (parseResult.GetValue(name) is not null || upstream is not null)
            {
                var servicePatch = new JsonObject();
                Set(servicePatch, "name", parseResult.GetValue(name));
                if (upstream is not null)
                {
                    servicePatch["upstream_hosts"] = new JsonArray(upstream.IsDefaultPort ? upstream.Host : $"{upstream.Host}:{upstream.Port}");
                }
                using var owner = options.OpenOwner(context, parseResult);
                service = await owner.Client.SendAsync(HttpMethod.Patch, owner.NamespacePath + "/services/" + ApiClient.Segment(serviceId), servicePatch, cancellationToken);
            }
            return context.Output.Report(parseResult.GetValue(options.Json),
                () => new JsonObject { ["command"] = "service update", ["connection"] = connection?.DeepClone(), ["service"] = service?.DeepClone() },
                output => output.Out.WriteLine($"Updated {serviceId}: {string.Join(", ", patch.Select(p => p.Key))}."));
        });
    }

    private static void Set(JsonObject patch, string name, string? value)
    {
        if (value is not null)
        {
            patch[name] = value;
        }
    }
}
