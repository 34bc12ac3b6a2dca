using Sigilum.Cli.Gateway;

namespace Sigilum.Cli.Services;

/// <summary>The service commands against a real control plane and a real in-process gateway over loopback HTTP.</summary>
public sealed class ServiceCommandTests : IAsyncLifetime
{
    private const string Secret = "sk-test-0123456789-very-secret-value";
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        // In this home's gateway directory, as `sigilum up` runs it: the CLI finds the admin token the gateway generated there.
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"));
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        var login = await _cli.RunAsync("auth", "login");
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private Task<CliRun> AddEchoAsync(params string[] extra)
    {
        _cli.Environment["ECHO_SECRET"] = Secret;
        return _cli.RunAsync([
            "service", "add", "--name", "Echo", "--id", "echo", "--base-url", "http://127.0.0.1:9/",
            "--auth-secret-key", "api_key", "--secret-env", "api_key=ECHO_SECRET", .. extra]);
    }

    [Fact]
    public async Task Add_OneStep_CreatesServiceKeyAndConnectionWithoutPrintingTheSecret()
    {
        var run = await AddEchoAsync("--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_", run.Stdout + run.Stderr, StringComparison.Ordinal);
        var json = run.Json();
        Assert.Equal("echo", json.GetProperty("service").GetProperty("slug").GetString());
        Assert.Equal(["127.0.0.1:9"], json.GetProperty("service").GetProperty("upstream_hosts").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("echo", json.GetProperty("connection").GetProperty("id").GetString());
        Assert.Equal("bearer", json.GetProperty("connection").GetProperty("auth_mode").GetString());
        Assert.True(json.GetProperty("serviceKey").GetProperty("stored").GetBoolean());

        var get = await _cli.RunAsync("service", "get", "echo", "--json");
        Assert.True(get.ExitCode == 0, get.ToString());
        var key = get.Json().GetProperty("serviceKey");
        Assert.True(key.GetProperty("has_key").GetBoolean());
        Assert.StartsWith("sk_live_", key.GetProperty("key_prefix").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, get.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_LiteralSecret_WarnsOnceAndNeverEchoesIt()
    {
        var run = await _cli.RunAsync("service", "add", "--name", "Echo", "--base-url", "http://127.0.0.1:9",
            "--auth-secret-key", "api_key", "--secret", "api_key=" + Secret, "--secret", "other=" + Secret + "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Single(run.Stderr.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.Contains("echo", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_SecretFromStdinAndTemplate_FillsTheTemplatesSettings()
    {
        _cli.StandardInput = System.Text.Encoding.UTF8.GetBytes(Secret + "\n");

        var run = await _cli.RunAsync("service", "add", "--name", "Claude", "--id", "claude", "--template", "claude", "--secret", "api_key=-", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var connection = run.Json().GetProperty("connection");
        Assert.Equal("https://api.anthropic.com", connection.GetProperty("base_url").GetString());
        Assert.Equal("header_key", connection.GetProperty("auth_mode").GetString());
        Assert.Equal("x-api-key", connection.GetProperty("auth_header_name").GetString());
        Assert.DoesNotContain(Secret, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_UnknownTemplate_ExitsNotFoundListingTheCatalogue()
    {
        var run = await _cli.RunAsync("service", "add", "--name", "X", "--template", "nope", "--secret", "api_key=hidden-value");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("openai", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-value", run.Stderr, StringComparison.Ordinal);
        Assert.Empty((await _cli.RunAsync("service", "list", "--json")).Json().GetProperty("services").EnumerateArray());
    }

    [Fact]
    public async Task Add_GatewayUnreachable_RemovesTheControlPlaneServiceAgain()
    {
        _cli.Environment["SIGILUM_GATEWAY_URL"] = "http://127.0.0.1:1";

        var run = await AddEchoAsync();

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("Undone: removed the control-plane service echo", run.Stderr, StringComparison.Ordinal);
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
        var list = await _cli.RunAsync("service", "list", "--json");
        Assert.Empty(list.Json().GetProperty("services").EnumerateArray());
    }

    [Fact]
    public async Task Add_StoringTheServiceKeyFails_RemovesConnectionAndServiceAgain()
    {
        _cli.CreateHttpHandler = () => new FailingServiceKeyStore { InnerHandler = new SocketsHttpHandler() };

        var run = await AddEchoAsync();

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("disk full (STORE_UNAVAILABLE, request req_test)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Undone: removed the gateway connection echo and the control-plane service echo", run.Stderr, StringComparison.Ordinal);
        Assert.Empty((await _cli.RunAsync("service", "list", "--json")).Json().GetProperty("services").EnumerateArray());
    }

    /// <summary>The gateway's answer when it cannot store the service key; every other request goes through.</summary>
    private sealed class FailingServiceKeyStore : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.StartsWith("/api/admin/service-api-keys/", StringComparison.Ordinal)
                ? Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    Content = new StringContent("""{"error":"disk full","code":"STORE_UNAVAILABLE","request_id":"req_test"}""", System.Text.Encoding.UTF8, "application/json"),
                })
                : base.SendAsync(request, cancellationToken);
    }

    [Fact]
    public async Task Add_ServiceIdTakenInControlPlane_FailsWithoutUndoingTheExistingService()
    {
        Assert.Equal(0, (await AddEchoAsync()).ExitCode);

        var again = await AddEchoAsync();

        Assert.Equal(ExitCodes.CheckFailed, again.ExitCode);
        Assert.Contains("SERVICE_SLUG_TAKEN", again.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Undone", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("service", "get", "echo")).ExitCode);
    }

    [Fact]
    public async Task Add_ConnectionIdTakenInGateway_RemovesTheNewControlPlaneServiceAgain()
    {
        using (var admin = _gateway.AdminClient())
        {
            var created = await admin.PostAsync(_gateway.Url + "/api/admin/connections", new StringContent(
                """{"id":"echo","name":"Echo","base_url":"http://127.0.0.1:9","auth_secret_key":"k","secrets":{"k":"v"}}""",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var run = await AddEchoAsync();

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("Undone: removed the control-plane service echo", run.Stderr, StringComparison.Ordinal);
        var row = Assert.Single((await _cli.RunAsync("service", "list", "--json")).Json().GetProperty("services").EnumerateArray());
        Assert.False(row.GetProperty("in_control_plane").GetBoolean());
        Assert.True(row.GetProperty("in_gateway").GetBoolean());
    }

    [Fact]
    public async Task ListGetUpdateRotateDelete_Lifecycle_ReflectsEachChange()
    {
        Assert.Equal(0, (await AddEchoAsync()).ExitCode);

        var list = await _cli.RunAsync("service", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        var row = Assert.Single(list.Json().GetProperty("services").EnumerateArray());
        Assert.Equal("echo", row.GetProperty("id").GetString());
        Assert.Equal("active", row.GetProperty("status").GetString());
        Assert.Equal(1, row.GetProperty("secret_version").GetInt32());
        Assert.True(row.GetProperty("in_control_plane").GetBoolean() && row.GetProperty("in_gateway").GetBoolean());
        var human = await _cli.RunAsync("service", "list");
        Assert.Contains("echo", human.Stdout, StringComparison.Ordinal);
        Assert.Contains("both", human.Stdout, StringComparison.Ordinal);

        var update = await _cli.RunAsync("service", "update", "echo", "--status", "disabled", "--rotation-interval-days", "30", "--json");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Equal("disabled", update.Json().GetProperty("connection").GetProperty("status").GetString());
        Assert.Equal(30, update.Json().GetProperty("connection").GetProperty("rotation_interval_days").GetInt32());

        var rename = await _cli.RunAsync("service", "update", "echo", "--name", "Echo Two", "--json");
        Assert.True(rename.ExitCode == 0, rename.ToString());
        Assert.Equal("Echo Two", rename.Json().GetProperty("service").GetProperty("name").GetString());

        _cli.Environment["NEW_SECRET"] = "sk-rotated-secret-value-0987654321";
        var rotate = await _cli.RunAsync("service", "rotate", "echo", "--secret-env", "api_key=NEW_SECRET", "--reason", "test", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var rotated = rotate.Json().GetProperty("connection");
        Assert.Equal(2, rotated.GetProperty("secret_version").GetInt32());
        Assert.Equal("alice", rotated.GetProperty("rotated_by").GetString());
        Assert.DoesNotContain("sk-rotated", rotate.Stdout + rotate.Stderr, StringComparison.Ordinal);

        var refused = await _cli.RunAsync("service", "delete", "echo");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        var delete = await _cli.RunAsync("service", "delete", "echo", "--yes", "--json");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.True(delete.Json().GetProperty("connection_deleted").GetBoolean());
        Assert.True(delete.Json().GetProperty("service_deleted").GetBoolean());
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("service", "get", "echo")).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("service", "delete", "echo", "--yes")).ExitCode);
    }

    [Fact]
    public async Task Test_UpstreamAnswers_PassesAndFailsByStatus()
    {
        await using var upstream = await TestUpstream.StartAsync();
        _cli.Environment["ECHO_SECRET"] = Secret;
        Assert.Equal(0, (await _cli.RunAsync("service", "add", "--name", "Echo", "--base-url", upstream.Url,
            "--secret-env", "api_key=ECHO_SECRET")).ExitCode);

        var pass = await _cli.RunAsync("service", "test", "echo", "--path", "/ok", "--json");
        Assert.True(pass.ExitCode == 0, pass.ToString());
        Assert.Equal("pass", pass.Json().GetProperty("status").GetString());
        Assert.Equal($"Bearer {Secret}", upstream.LastAuthorization);

        var fail = await _cli.RunAsync("service", "test", "echo", "--path", "/denied");
        Assert.Equal(ExitCodes.CheckFailed, fail.ExitCode);
        Assert.Contains("fail", fail.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, fail.Stdout + fail.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_UnknownService_ExitsNotFound()
    {
        var run = await _cli.RunAsync("service", "test", "nope");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_BadArguments_FailBeforeAnyCall()
    {
        var noSecret = await _cli.RunAsync("service", "add", "--name", "Echo", "--base-url", "http://127.0.0.1:9");
        Assert.Equal(ExitCodes.Usage, noSecret.ExitCode);
        var badId = await _cli.RunAsync("service", "add", "--name", "Echo", "--id", "A!", "--base-url", "http://x.test", "--secret", "k=v");
        Assert.Equal(ExitCodes.Usage, badId.ExitCode);
        var wrongKey = await _cli.RunAsync("service", "add", "--name", "Echo", "--base-url", "http://x.test", "--auth-secret-key", "nope", "--secret", "k=hidden-value");
        Assert.Equal(ExitCodes.Usage, wrongKey.ExitCode);
        Assert.DoesNotContain("hidden-value", wrongKey.Stderr, StringComparison.Ordinal);
        var list = await _cli.RunAsync("service", "list", "--json");
        Assert.Empty(list.Json().GetProperty("services").EnumerateArray());
    }
}
