using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.Services;

/// <summary>
/// The options of <c>service add</c> and how they become a <see cref="ConnectionSpec"/>: the flag, else the catalogue
/// template's value, else the gateway's default. Kept apart from the command so each step reads as one method.
/// </summary>
internal sealed class ServiceAddOptions
{
    public Option<string> Name { get; } = new("--name") { Description = "The service's display name.", HelpName = "name", Required = true };

    public Option<string?> Id { get; } = new("--id") { Description = "Service id = gateway connection id [default: the template's, else the name slugified].", HelpName = "id" };

    public Option<string?> Description { get; } = new("--description") { Description = "A description for the control plane.", HelpName = "text" };

    public Option<string?> BaseUrl { get; } = new("--base-url") { Description = "The upstream API, e.g. https://api.openai.com [default: the template's].", HelpName = "url" };

    public Option<string?> AuthMode { get; } = new("--auth-mode") { Description = "How the secret is injected [default: the template's, else bearer].", HelpName = "mode" };

    public Option<string?> HeaderName { get; } = new("--auth-header-name") { Description = "Header (or query parameter for query_param) [default: Authorization, api_key for query_param].", HelpName = "name" };

    public Option<string?> Prefix { get; } = new("--auth-prefix") { Description = "Text before the secret [default: 'Bearer ' for bearer, else none].", HelpName = "text" };

    public Option<string?> SecretKey { get; } = new("--auth-secret-key") { Description = "Which --secret is injected [default: the template's, else the only secret].", HelpName = "key" };

    public Option<string?> Template { get; } = new("--template") { Description = "Fill URL and auth settings from the gateway's service catalogue (openai, claude, gemini, github, slack, …).", HelpName = "key" };

    public Option<int?> Rotation { get; } = new("--rotation-interval-days") { Description = "Rotation due this many days after each rotation.", HelpName = "days" };

    public Option<int?> Hold { get; } = HoldSecondsOption();

    public Option<string[]> Secret { get; } = SecretArguments.Secret();

    public Option<string[]> SecretEnv { get; } = SecretArguments.SecretEnv();

    public McpServiceOptions Mcp { get; } = new();

    public ServiceOptions Common { get; } = new();

    public ServiceAddOptions() => AuthMode.AcceptOnlyFromAmong(ServiceAddCommand.AuthModes);

    /// <summary>Every option of <c>service add</c>, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [Name, Id, Description, BaseUrl, AuthMode, HeaderName, Prefix, SecretKey, Secret, SecretEnv, Template, Rotation, Hold, .. Mcp.Symbols, .. Common.Symbols];

    /// <summary>The connection to create from the flags, the template (may be null) and the secrets' names.</summary>
    public ConnectionSpec ToSpec(ParseResult parseResult, JsonNode? template, IReadOnlyList<SecretValue> secrets)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(secrets);
        var mcp = Mcp.Read(parseResult, Mcp.ProtocolOf(parseResult, ServiceFields.Text(template, "protocol")));
        if (secrets.Count == 0 && mcp is null)
        {
            throw new CliException(ExitCodes.Usage, "Give the provider secret with --secret K=@file, --secret K=-, --secret-env K=VAR or --secret K=VALUE.");
        }
        var serviceName = parseResult.GetRequiredValue(Name).Trim();
        var serviceId = ServiceIds.Validate(
            parseResult.GetValue(Id) ?? ServiceFields.Text(template, "connection_id") ?? ServiceIds.Slugify(serviceName),
            parseResult.GetValue(Id) is null ? "from the name" : "--id");
        var upstream = parseResult.GetValue(BaseUrl) ?? ServiceFields.Text(template, "base_url")
            ?? throw new CliException(ExitCodes.Usage, "--base-url is required (or a --template that has one).");
        _ = UpstreamUri(upstream);
        var explicitMode = parseResult.GetValue(AuthMode);
        return new ConnectionSpec(serviceId, serviceName, upstream, explicitMode ?? ServiceFields.Text(template, "auth_mode") ?? "bearer",
            parseResult.GetValue(HeaderName) ?? (explicitMode is null ? ServiceFields.Text(template, "auth_header_name") : null),
            parseResult.GetValue(Prefix) ?? (explicitMode is null && template?["auth_prefix"] is JsonValue p ? p.GetValue<string>() : null),
            ServiceFields.Text(template, "path_prefix"), InjectedSecret(parseResult, template, secrets), parseResult.GetValue(Rotation), mcp,
            parseResult.GetValue(Hold) is { } hold ? CheckHoldSeconds(hold) : null);
    }

    /// <summary>The longest hold the gateway accepts (its <c>hold_seconds</c> bound, ADR 0055).</summary>
    public const int MaxHoldSeconds = 300;

    /// <summary><c>--hold-seconds</c> of <c>service add</c> and <c>service update</c>.</summary>
    public static Option<int?> HoldSecondsOption() => new("--hold-seconds")
    {
        Description = "Hold an unapproved agent's request up to this many seconds while you approve it (0-300; 0 = answer 403 at once). " +
            "An agent may ask for less with 'Prefer: wait=<s>'.",
        HelpName = "seconds",
    };

    /// <summary>The value, checked here so a typo is a usage error (exit 2) rather than the gateway's 400.</summary>
    public static int CheckHoldSeconds(int seconds) =>
        seconds is >= 0 and <= MaxHoldSeconds ? seconds : throw new CliException(ExitCodes.Usage, $"--hold-seconds must be 0-{MaxHoldSeconds}.");

    /// <summary>The base URL as a URI: absolute http(s), else a usage error.</summary>
    public static Uri UpstreamUri(string upstream) =>
        Uri.TryCreate(upstream, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException(ExitCodes.Usage, $"--base-url must be an absolute http(s) URL, not '{upstream}'.");

    /// <summary>Which secret is injected; null only for an MCP connection without secrets.</summary>
    private string? InjectedSecret(ParseResult parseResult, JsonNode? template, IReadOnlyList<SecretValue> secrets)
    {
        if (secrets.Count == 0)
        {
            return null;
        }
        var injected = parseResult.GetValue(SecretKey) ?? ServiceFields.Text(template, "auth_secret_key")
            ?? (secrets.Count == 1 ? secrets[0].Key : throw new CliException(ExitCodes.Usage, "--auth-secret-key is required with more than one --secret."));
        return secrets.Any(s => s.Key == injected)
            ? injected
            : throw new CliException(ExitCodes.Usage, $"--auth-secret-key {injected} must be one of the --secret names ({string.Join(", ", secrets.Select(s => s.Key))}).");
    }
}
