using Microsoft.Extensions.Configuration;
using Sigilum.Cli.Local;
using Sigilum.Gateway.Hosting;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// Builds <see cref="GatewayOptions"/>: defaults → <c>gateway/appsettings.json</c> → <c>--config</c> →
/// <c>SIGILUM_Gateway__*</c> variables → Sigilum's own <c>GATEWAY_*</c> names (spec §3.14) → flags (applied by
/// the caller). Sigilum's names are honoured so an existing gateway's environment keeps working.
/// </summary>
internal static class GatewayConfiguration
{
    /// <summary>Sigilum gateway variables and the setting each sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> SigilumVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GATEWAY_MAX_REQUEST_BODY_BYTES"] = "Gateway:MaxRequestBodyBytes",
        ["SIGILUM_TIMESTAMP_TOLERANCE_SECONDS"] = "Gateway:TimestampToleranceSeconds",
        ["SIGILUM_NONCE_TTL_SECONDS"] = "Gateway:NonceTtlSeconds",
        ["GATEWAY_SHUTDOWN_TIMEOUT_SECONDS"] = "Gateway:ShutdownTimeoutSeconds",
        ["GATEWAY_PROXY_TIMEOUT_SECONDS"] = "Gateway:UpstreamTimeoutSeconds",
        ["GATEWAY_CLAIMS_STALENESS_SECONDS"] = "Gateway:ClaimsStalenessSeconds",
        ["GATEWAY_ADMIN_ACCESS_MODE"] = "Gateway:Operations:Admin:Mode",
        ["GATEWAY_ADMIN_TOKEN"] = "Gateway:Operations:Admin:Token",
        // Removed by ADR 0020; still mapped so that =false refuses the start with an explanation.
        ["GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS"] = "Gateway:Operations:Admin:RequireAdminChecks",
        ["GATEWAY_INSECURE_OPEN_ADMIN"] = "Gateway:Operations:Admin:InsecureOpenAdmin",
        ["GATEWAY_LOG_PROXY_REQUESTS"] = "Gateway:Operations:LogDecisions",
        ["GATEWAY_AUTO_REGISTER_CLAIMS"] = "Gateway:AutoRegisterClaims",
        ["GATEWAY_CLAIM_REGISTRATION_RATE_LIMIT_PER_MINUTE"] = "Gateway:ClaimRegistrationRateLimitPerMinute",
        ["GATEWAY_ROTATION_ENFORCEMENT"] = "Gateway:RotationEnforcement",
        ["GATEWAY_ROTATION_GRACE_DAYS"] = "Gateway:RotationGraceDays",
        ["GATEWAY_RELAY_ENABLED"] = "Gateway:Relay:Enabled",
        ["GATEWAY_MCP_TIMEOUT_SECONDS"] = "Gateway:Mcp:TimeoutSeconds",
        ["GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES"] = "Gateway:Mcp:CircuitBreakerFailures",
        ["GATEWAY_MCP_CIRCUIT_BREAKER_COOLDOWN_SECONDS"] = "Gateway:Mcp:CircuitBreakerCooldownSeconds",
        ["GATEWAY_MCP_DISCOVERY_CACHE_TTL_SECONDS"] = "Gateway:Mcp:DiscoveryCacheTtlSeconds",
        ["GATEWAY_MCP_DISCOVERY_STALE_IF_ERROR_SECONDS"] = "Gateway:Mcp:DiscoveryStaleIfErrorSeconds",
        ["GATEWAY_MCP_TOOL_CALL_RATE_LIMIT_PER_MINUTE"] = "Gateway:Mcp:ToolCallRateLimitPerMinute",
    };

    /// <summary>Sigilum gateway variables holding comma-separated lists, and the list setting each replaces.</summary>
    public static readonly IReadOnlyDictionary<string, string> SigilumListVariables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GATEWAY_TRUSTED_PROXY_CIDRS"] = "Gateway:Operations:Admin:TrustedProxyCidrs",
        ["GATEWAY_ALLOWED_ORIGINS"] = "Gateway:Operations:AllowedOrigins",
    };

    private const string NestedPrefix = "SIGILUM_";

    // The variables above that hold a flag. Only these get Sigilum's boolean spellings: a count such as a rate limit of 0
    // ("off") or a breaker threshold of 1 must reach the binder as the number, not as "false"/"true".
    private static readonly HashSet<string> BooleanVariables = new(StringComparer.Ordinal)
    {
        "GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS", "GATEWAY_INSECURE_OPEN_ADMIN", "GATEWAY_LOG_PROXY_REQUESTS", "GATEWAY_AUTO_REGISTER_CLAIMS", "GATEWAY_RELAY_ENABLED",
    };

    // Sigilum's booleans accept 1/true/yes/on and 0/false/no/off (spec §3.14); the binder only true/false.
    private static string Boolean(string value) => value.ToLowerInvariant() switch
    {
        "1" or "yes" or "on" => "true",
        "0" or "no" or "off" => "false",
        _ => value,
    };

    public static GatewayOptions Load(CliContext context, SigilumPaths paths, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(paths.GatewayDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            var full = context.ResolvePath(configFile);
            if (!File.Exists(full))
            {
                throw new CliException(ExitCodes.Usage, $"The settings file {full} does not exist.");
            }
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        var variables = context.Environment.ListVariables().ToList();
        builder.AddInMemoryCollection(variables
            .Where(v => v.Key.StartsWith(NestedPrefix + GatewayOptions.SectionName + "__", StringComparison.OrdinalIgnoreCase))
            .Select(v => new KeyValuePair<string, string?>(v.Key[NestedPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), v.Value)));
        builder.AddInMemoryCollection(variables
            .Where(v => SigilumVariables.ContainsKey(v.Key) && !string.IsNullOrWhiteSpace(v.Value))
            .Select(v => new KeyValuePair<string, string?>(SigilumVariables[v.Key], BooleanVariables.Contains(v.Key) ? Boolean(v.Value!.Trim()) : v.Value!.Trim())));
        var lists = variables
            .Where(v => SigilumListVariables.ContainsKey(v.Key) && v.Value is not null)
            .ToDictionary(v => SigilumListVariables[v.Key], v => v.Value!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var options = new GatewayOptions();
        try
        {
            builder.Build().GetSection(GatewayOptions.SectionName).Bind(options);
            // A list from the environment replaces the configured one (binding would append to it).
            if (lists.TryGetValue("Gateway:Operations:Admin:TrustedProxyCidrs", out var cidrs))
            {
                options.Operations.Admin.TrustedProxyCidrs = cidrs;
            }
            if (lists.TryGetValue("Gateway:Operations:AllowedOrigins", out var origins))
            {
                options.Operations.AllowedOrigins = origins;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.Usage, $"The gateway settings are invalid: {ex.Message}");
        }
        return options;
    }
}
