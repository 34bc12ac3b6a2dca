using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Stack;

public sealed class UpCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public UpCommandTests() => _cli.UseNetwork();

    public void Dispose() => _cli.Dispose();

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Up_EmptyHome_StartsControlPlaneRegistersSignsInAndStopsOnCancel()
    {
        _cli.Environment["USER"] = "Dev.User";
        var paths = new SigilumPaths(_cli.Home);
        Uri? served = null;

        var run = await _cli.RunForegroundAsync(async url =>
        {
            served = url;
            using var http = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/health"))).StatusCode);
            Assert.Equal(Environment.ProcessId, RunState.Read(paths)!.Pid);
            // The stored owner token works against the running control plane.
            var token = new Remote.OwnerTokenStore(paths).Find(url, "dev-user")!.Token;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(url, "/v1/auth/me"))).StatusCode);
            // The gateway pinned the key of the control plane running in this process, handed over directly (ADR 0024).
            using var key = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri(url, "/v1/control-plane/key")));
            var pin = Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory)!;
            Assert.Equal(key.RootElement.GetProperty("public_key").GetString(), pin.PublicKey);
            Assert.Equal("up", pin.Source);
            // The vault runs too (ADR 0061): /health on its admin port, and its node key is a vault node of the namespace.
            var vault = RunState.Read(paths, ServerKind.Vault)!;
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(vault.AdminUrl + "/health"))).StatusCode);
            var nodes = await http.GetStringAsync(new Uri(url, "/v1/namespaces/dev-user/nodes"));
            Assert.Contains("\"kind\":\"vault\"", nodes, StringComparison.Ordinal);
        }, "up", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("dev-user", json.GetProperty("namespace").GetString());
        Assert.True(json.GetProperty("identityCreated").GetBoolean());
        Assert.True(json.GetProperty("namespaceRegistered").GetBoolean());
        Assert.Equal(Remote.ApiUrl.Display(served!), json.GetProperty("apiUrl").GetString());
        // First run: a one-time dashboard sign-in link.
        Assert.StartsWith(Remote.ApiUrl.Display(served!) + "/dashboard/sign-in?code=sgl_", json.GetProperty("signInUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal("foreground", json.GetProperty("controlPlane").GetProperty("mode").GetString());
        Assert.Equal(["control-plane", "gateway", "vault"], json.GetProperty("started").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(json.GetProperty("notAvailable").EnumerateArray());
        var vaultJson = json.GetProperty("vault");
        Assert.Equal("foreground", vaultJson.GetProperty("mode").GetString());
        Assert.StartsWith("http://127.0.0.1:", vaultJson.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("http://127.0.0.1:", vaultJson.GetProperty("adminUrl").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("vt_", vaultJson.GetProperty("nodeId").GetString(), StringComparison.Ordinal);
        // The vault is paired with the control plane it runs beside: its node and the control-plane key it pins (ADR 0024, 0061).
        using var pairing = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_cli.Home, "vault", "witness.json")));
        Assert.Equal(vaultJson.GetProperty("nodeId").GetString(), pairing.RootElement.GetProperty("node_id").GetString());
        Assert.Equal(Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory)!.PublicKey, pairing.RootElement.GetProperty("control_plane_key").GetString());
        Assert.False(File.Exists(paths.StateFile(ServerKind.Vault)));
        Assert.Equal("registered", json.GetProperty("gateway").GetProperty("registration").GetString());
        Assert.Equal("foreground", json.GetProperty("gateway").GetProperty("mode").GetString());
        Assert.True(File.Exists(Path.Combine(_cli.Home, "gateway", "identities", "dev-user", "identity.json")));
        Assert.False(File.Exists(paths.GatewayStateFile));
        Assert.True(File.Exists(Path.Combine(_cli.Home, "identities", "dev-user", "identity.json")));
        Assert.True(File.Exists(Path.Combine(_cli.Home, "controlplane", "sigilum.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.OwnerTokenFile("dev-user")));
        Assert.False(File.Exists(paths.ControlPlaneStateFile));
        Assert.False(File.Exists(paths.ControlPlanePidFile));
        using var after = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => after.GetAsync(new Uri(served!, "/health")));
    }

    [Fact]
    public async Task Up_Vault_PairsAndItsCheckpointsAreWitnessed()
    {
        await _cli.RunAsync("init", "alice");
        var pairingFile = Path.Combine(_cli.Home, "vault", "witness.json");
        var checkpoints = Path.Combine(_cli.Home, "vault", "audit", "checkpoints.jsonl");
        // The first run writes the vault's audit log and its checkpoints; the second offers the newest to the witness at start.
        var first = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "up", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        var newest = File.ReadAllLines(checkpoints)
            .Select(line => Sigilum.Protocol.Audit.AuditCheckpoint.Parse(line))
            .Where(parsed => parsed.IsSuccess)
            .Max(parsed => parsed.Value!.Seq);
        var port = new Uri(first.Json().GetProperty("apiUrl").GetString()!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long witnessed = 0;

        var second = await _cli.RunForegroundAsync(async _ =>
        {
            // The witness answers on its own schedule: wait (bounded) until the pairing file records the acknowledgement.
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while ((witnessed = LastSentSeq(pairingFile)) < newest && !deadline.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None);
            }
        }, "up", "--api-port", port, "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        // Saved only for an answer signed with the control-plane key pinned at pairing (ADR 0024).
        Assert.True(newest > 0);
        Assert.True(witnessed >= newest, $"witnessed {witnessed}, newest checkpoint {newest}");
        using var pairing = System.Text.Json.JsonDocument.Parse(File.ReadAllText(pairingFile));
        Assert.Equal(second.Json().GetProperty("vault").GetProperty("nodeId").GetString(), pairing.RootElement.GetProperty("node_id").GetString());
    }

    private static long LastSentSeq(string pairingFile)
    {
        using var pairing = System.Text.Json.JsonDocument.Parse(File.ReadAllText(pairingFile));
        return pairing.RootElement.GetProperty("last_sent_seq").GetInt64();
    }

    [Fact]
    public async Task Up_SecondRun_KeepsNamespaceAndReusesToken()
    {
        await _cli.RunAsync("init", "alice");
        var first = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "up", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        var token = File.ReadAllText(new SigilumPaths(_cli.Home).OwnerTokenFile("alice"));

        // Same port as before, so the stored token is for this URL and still valid.
        var port = new Uri(first.Json().GetProperty("apiUrl").GetString()!).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var second = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "up", "--api-port", port, "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.False(second.Json().GetProperty("identityCreated").GetBoolean());
        Assert.False(second.Json().GetProperty("namespaceRegistered").GetBoolean());
        Assert.Null(second.Json().GetProperty("signInUrl").GetString());
        Assert.Equal(token, File.ReadAllText(new SigilumPaths(_cli.Home).OwnerTokenFile("alice")));
    }

    [Fact]
    public async Task Up_HumanOutput_PrintsAllThreeAddressesAndWhatToDoNext()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "up", "--api-port", "0", "--gateway-port", "39000", "--vault-port", "0", "--vault-admin-port", "0");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Using identity alice", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Registered namespace alice", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:39000", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("API: http://127.0.0.1:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Gateway: http://127.0.0.1:39000", run.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"Vault: http://127\.0\.0\.1:\d+ \(health and metrics: http://127\.0\.0\.1:\d+/health", run.Stdout);
        Assert.DoesNotContain("sigil-vault start", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("sigilum claims list", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Press Ctrl+C to stop.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Local stack stopped.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_ControlPlaneAlreadyRunning_SignsInToItAndReturns()
    {
        await using var server = await TestControlPlane.StartAsync(_cli.Time);
        StackTestSupport.WriteLiveState(_cli.Home, server.Url);
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("up", "--gateway-port", "0", "--json");
        var stopped = await _cli.RunAsync("gateway", "stop", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("already-running", json.GetProperty("controlPlane").GetProperty("mode").GetString());
        // The control plane was running; the gateway is started in the background, as with --detach.
        Assert.Equal(["gateway"], json.GetProperty("started").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("background", json.GetProperty("gateway").GetProperty("mode").GetString());
        Assert.Equal("stopped", stopped.Json().GetProperty("outcome").GetString());
        Assert.Equal(server.Url, json.GetProperty("apiUrl").GetString());
        Assert.NotNull(server.StoredToken(_cli.Home, "alice"));
        // The key of the control plane found in this home's run state is pinned for the gateway (ADR 0024).
        Assert.Equal(server.Host.ControlPlaneKey, Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(Path.Combine(_cli.Home, "gateway"))!.PublicKey);
    }

    [Fact]
    public async Task Up_AllowPrivateWebhooks_LetsAWebhookTargetThisMachine()
    {
        await _cli.RunAsync("init", "alice");
        CliRun? added = null;

        var run = await _cli.RunForegroundAsync(async url =>
        {
            var token = new Remote.OwnerTokenStore(new SigilumPaths(_cli.Home)).Find(url, "alice")!.Token;
            using var owner = new HttpClient();
            owner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var service = new StringContent("{\"slug\":\"openai\"}", System.Text.Encoding.UTF8, "application/json");
            (await owner.PostAsync(new Uri(url, "/v1/namespaces/alice/services"), service)).EnsureSuccessStatusCode();
            added = await _cli.RunAsync("webhooks", "add", "--service", "openai", "--url", "http://127.0.0.1:9/hook");
        }, "up", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--allow-private-webhooks");

        Assert.Equal(0, run.ExitCode);
        Assert.True(added!.ExitCode == 0, added.ToString());
    }

    [Fact]
    public async Task Up_UnusableUserName_FallsBackToLocal()
    {
        _cli.Environment["USER"] = "x";

        var run = await _cli.RunForegroundAsync(_ => Task.CompletedTask, "up", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");

        Assert.Equal("local", run.Json().GetProperty("namespace").GetString());
    }

    [Fact]
    public async Task Up_InvalidNamespace_FailsWithUsageExitCodeBeforeStartingAnything()
    {
        var run = await _cli.RunAsync("up", "--namespace", "-bad-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("NAMESPACE_INVALID", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_cli.Home, "controlplane")));
    }

    [Fact]
    public async Task Up_BadPortVariable_IsUsageError()
    {
        _cli.Environment["SIGILUM_API_PORT"] = "eighty";
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("up");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("SIGILUM_API_PORT", run.Stderr, StringComparison.Ordinal);
    }
}
