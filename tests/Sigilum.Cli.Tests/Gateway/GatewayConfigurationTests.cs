using Sigilum.Cli.Local;
using Sigilum.Gateway.Operations;

namespace Sigilum.Cli.Gateway;

/// <summary>Gateway settings layering, and Sigilum's own GATEWAY_* variables honoured (spec §3.14).</summary>
public sealed class GatewayConfigurationTests : IDisposable
{
    private readonly Sigilum.Testing.TempDirectory _home = new();
    private readonly Dictionary<string, string> _variables = [];

    public void Dispose() => _home.Dispose();

    private (CliContext Context, SigilumPaths Paths) Create()
    {
        var environment = new CliEnvironment
        {
            GetVariable = name => _variables.GetValueOrDefault(name),
            ListVariables = () => _variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)),
            CurrentDirectory = _home.Path,
        };
        return (new CliContext(environment, new CliOutput(TextWriter.Null, TextWriter.Null, environment)), new SigilumPaths(_home.Path));
    }

    [Fact]
    public void Load_NothingConfigured_Defaults()
    {
        var (context, paths) = Create();

        var options = GatewayConfiguration.Load(context, paths, configFile: null);

        Assert.Equal(2 * 1024 * 1024, options.MaxRequestBodyBytes);
        Assert.Equal(AdminAccessMode.Hybrid, options.Operations.Admin.Mode);
        Assert.True(options.AutoRegisterClaims);
        Assert.Equal("warn", options.RotationEnforcement);
    }

    [Fact]
    public void Load_McpVariables_MapToSettings()
    {
        _variables["GATEWAY_MCP_TIMEOUT_SECONDS"] = "30";
        _variables["GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES"] = "5";
        _variables["GATEWAY_MCP_CIRCUIT_BREAKER_COOLDOWN_SECONDS"] = "20";
        _variables["GATEWAY_MCP_DISCOVERY_CACHE_TTL_SECONDS"] = "60";
        _variables["GATEWAY_MCP_DISCOVERY_STALE_IF_ERROR_SECONDS"] = "600";
        _variables["GATEWAY_MCP_TOOL_CALL_RATE_LIMIT_PER_MINUTE"] = "7";
        var (context, paths) = Create();

        var mcp = GatewayConfiguration.Load(context, paths, configFile: null).Mcp;

        Assert.Equal((30, 5, 20, 60, 600, 7), (mcp.TimeoutSeconds, mcp.CircuitBreakerFailures, mcp.CircuitBreakerCooldownSeconds,
            mcp.DiscoveryCacheTtlSeconds, mcp.DiscoveryStaleIfErrorSeconds, mcp.ToolCallRateLimitPerMinute));
    }

    [Fact]
    public void Load_CountOfZeroOrOne_StaysANumber()
    {
        _variables["GATEWAY_MCP_TOOL_CALL_RATE_LIMIT_PER_MINUTE"] = "0";
        _variables["GATEWAY_MCP_CIRCUIT_BREAKER_FAILURES"] = "1";
        _variables["GATEWAY_CLAIM_REGISTRATION_RATE_LIMIT_PER_MINUTE"] = "0";
        var (context, paths) = Create();

        var options = GatewayConfiguration.Load(context, paths, configFile: null);

        Assert.Equal((0, 1, 0), (options.Mcp.ToolCallRateLimitPerMinute, options.Mcp.CircuitBreakerFailures, options.ClaimRegistrationRateLimitPerMinute));
    }

    [Fact]
    public void Load_SigilumVariables_MapToSettings()
    {
        _variables["GATEWAY_MAX_REQUEST_BODY_BYTES"] = "1024";
        _variables["SIGILUM_TIMESTAMP_TOLERANCE_SECONDS"] = "120";
        _variables["GATEWAY_ADMIN_ACCESS_MODE"] = "token";
        _variables["GATEWAY_ADMIN_TOKEN"] = new string('t', 40);
        _variables["GATEWAY_LOG_PROXY_REQUESTS"] = "off";
        _variables["GATEWAY_AUTO_REGISTER_CLAIMS"] = "0";
        _variables["GATEWAY_ROTATION_ENFORCEMENT"] = "block";
        _variables["GATEWAY_TRUSTED_PROXY_CIDRS"] = "10.0.0.0/8, 192.168.1.1";
        _variables["GATEWAY_ALLOWED_ORIGINS"] = "https://dash.example.com";
        var (context, paths) = Create();

        var options = GatewayConfiguration.Load(context, paths, configFile: null);

        Assert.Equal(1024, options.MaxRequestBodyBytes);
        Assert.Equal(120, options.TimestampToleranceSeconds);
        Assert.Equal(AdminAccessMode.Token, options.Operations.Admin.Mode);
        Assert.Equal(new string('t', 40), options.Operations.Admin.Token);
        Assert.False(options.Operations.LogDecisions);
        Assert.False(options.AutoRegisterClaims);
        Assert.Equal("block", options.RotationEnforcement);
        Assert.Equal(["10.0.0.0/8", "192.168.1.1"], options.Operations.Admin.TrustedProxyCidrs);
        Assert.Equal(["https://dash.example.com"], options.Operations.AllowedOrigins);
    }

    [Fact]
    public void Load_InsecureOpenAdminVariable_MapsToTheSwitch()
    {
        _variables["GATEWAY_INSECURE_OPEN_ADMIN"] = "yes";
        var (context, paths) = Create();

        Assert.True(GatewayConfiguration.Load(context, paths, configFile: null).Operations.Admin.InsecureOpenAdmin);
    }

    [Fact]
    public void Load_RemovedRequireSignedAdminChecksFalse_RefusedByValidation()
    {
        // ADR 0020: the old switch no longer opens anything; setting it to false stops the start with the new name.
        _variables["GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS"] = "false";
        var (context, paths) = Create();
        var options = GatewayConfiguration.Load(context, paths, configFile: null);
        options.DataDirectory = paths.GatewayDirectory;

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("GATEWAY_INSECURE_OPEN_ADMIN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveToken_NothingGiven_ThisHomesGeneratedTokenForALoopbackGatewayOnly()
    {
        var (context, paths) = Create();
        Directory.CreateDirectory(paths.GatewayDirectory);
        var token = new string('g', 64);
        File.WriteAllText(GatewayAdminClient.LocalTokenPath(paths), token + "\n");

        Assert.Equal(token, GatewayAdminClient.ResolveToken(context, null, paths, new Uri("http://127.0.0.1:38100")));
        Assert.Equal(token, GatewayAdminClient.ResolveToken(context, null, paths, new Uri("http://localhost:38100")));
        // The local gateway's token is never sent to another host.
        Assert.Null(GatewayAdminClient.ResolveToken(context, null, paths, new Uri("http://gateway.internal:38100")));
    }

    [Fact]
    public void ResolveToken_EnvironmentAndFlag_WinOverTheGeneratedFile()
    {
        var (context, paths) = Create();
        Directory.CreateDirectory(paths.GatewayDirectory);
        File.WriteAllText(GatewayAdminClient.LocalTokenPath(paths), new string('g', 64));
        var flagFile = Path.Combine(_home.Path, "flag-token");
        File.WriteAllText(flagFile, new string('f', 64));
        _variables["GATEWAY_ADMIN_TOKEN"] = new string('e', 64);
        var local = new Uri("http://127.0.0.1:38100");

        Assert.Equal(new string('e', 64), GatewayAdminClient.ResolveToken(context, null, paths, local));
        Assert.Equal(new string('f', 64), GatewayAdminClient.ResolveToken(context, flagFile, paths, local));
    }

    [Fact]
    public void Load_FileThenNestedVariable_VariableWins()
    {
        Directory.CreateDirectory(Path.Combine(_home.Path, "gateway"));
        File.WriteAllText(Path.Combine(_home.Path, "gateway", "appsettings.json"), """{"Gateway":{"ClaimsStalenessSeconds":20,"UpstreamTimeoutSeconds":30}}""");
        _variables["SIGILUM_Gateway__UpstreamTimeoutSeconds"] = "60";
        var (context, paths) = Create();

        var options = GatewayConfiguration.Load(context, paths, configFile: null);

        Assert.Equal(20, options.ClaimsStalenessSeconds);
        Assert.Equal(60, options.UpstreamTimeoutSeconds);
    }

    [Fact]
    public void Load_MissingConfigFile_UsageError()
    {
        var (context, paths) = Create();

        var error = Assert.Throws<CliException>(() => GatewayConfiguration.Load(context, paths, Path.Combine(_home.Path, "nope.json")));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }

    [Theory]
    [InlineData(":38200", "127.0.0.1", 38200)]
    [InlineData("127.0.0.1:38300", "127.0.0.1", 38300)]
    [InlineData("[::1]:38400", "::1", 38400)]
    public void Resolve_GatewayAddr_HostAndPort(string addr, string host, int port)
    {
        _variables["GATEWAY_ADDR"] = addr;
        var (context, paths) = Create();

        var settings = GatewaySettings.Resolve(context, paths, port: null, ns: "alice", apiUrl: null, store: null, postgres: null);

        Assert.Equal((host, port), (settings.Host, settings.Port));
    }

    [Fact]
    public void Resolve_PairedConnection_SuppliesNamespaceAndControlPlane()
    {
        var (context, paths) = Create();
        new GatewayConnection { Namespace = "bob", ApiUrl = "https://cp.example.com" }.Write(paths);

        var settings = GatewaySettings.Resolve(context, paths, port: null, ns: null, apiUrl: null, store: null, postgres: null);

        Assert.Equal("bob", settings.Namespace);
        Assert.Equal("https://cp.example.com/", settings.ControlPlaneUrl.ToString());
    }

    [Fact]
    public void Resolve_PostgresWithoutConnectionString_UsageError()
    {
        var (context, paths) = Create();

        var error = Assert.Throws<CliException>(() => GatewaySettings.Resolve(context, paths, null, "alice", null, "postgres", null));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
    }
}
