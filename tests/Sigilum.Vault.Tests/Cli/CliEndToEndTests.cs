using System.Net;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;
using Sigilum.Vault.Cli.Proxy;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Cli;

/// <summary>
/// The operator's path, only through `sigil-vault` commands: init → trust add → agents create →
/// backends add → routes add → start → a real curl through `sigil-vault run` → audit verify.
/// </summary>
public sealed class CliEndToEndTests
{
    private const string Secret = "sk-cli-Secret_987654321";
    private const string Kid = "cp-key-1";

    [Fact]
    public async Task OperatorFlow_CurlThroughRun_UpstreamGetsCredentialAgentSeesItRedacted()
    {
        Assert.True(File.Exists("/usr/bin/curl"), "curl is required (Debian package curl).");
        using var home = new TempDirectory("sigil-vault-cli-");
        await using var upstream = await TestUpstream.StartAsync();
        using var signer = Ed25519KeyPair.Generate();
        var resolve = (string host, CancellationToken _) => Task.FromResult(host == TestUpstream.HostName ? new[] { IPAddress.Loopback } : []);
        var cli = new CliRunner(home.Path, new Dictionary<string, string> { ["UPSTREAM_KEY"] = Secret }, resolve);

        Assert.Equal("sigil-vault", (string?)(await cli.JsonAsync("init"))["audience"]);
        var jwkPath = Path.Combine(home.Path, "signer.jwk");
        await File.WriteAllTextAsync(jwkPath, Jwk.FromPublicKey(signer.PublicKey, Kid).ToJson());
        await cli.JsonAsync("trust", "add", "--kid", Kid, "--fingerprint", RawKeyFingerprint.Compute(signer.PublicKey), "--jwk", jwkPath, "--issuer", "sigilum-cp");
        var created = await cli.JsonAsync("agents", "create", "--name", "curl-bot");
        var token = (string)created["token"]!;
        var agentId = (string)created["agent"]!["id"]!;
        await cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env");
        await cli.JsonAsync("routes", "add", "--agent-id", agentId, "--host", TestUpstream.HostName, "--path", "/*", "--backend", "dev",
            "--secret", "UPSTREAM_KEY", "--allow-private-network", "--port", upstream.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var upstreamCa = Path.Combine(home.Path, "upstream-ca.pem");
        await File.WriteAllTextAsync(upstreamCa, upstream.Root.ExportCertificatePem());

        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        cli.ProxyReady = port => ready.TrySetResult(port);
        using var stop = new CancellationTokenSource();
        var running = cli.RunAsync(stop.Token, "start", "--port", "0", "--upstream-ca", upstreamCa);
        var proxyPort = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var url = $"https://{TestUpstream.HostName}:{upstream.Port}/echo";
        var attestation = AttestationIssuer.Issue(new AttestationDraft
        {
            Issuer = "sigilum-cp",
            Audience = "sigil-vault",
            IntentHash = HttpIntent.Create("GET", url).Value!.Commitment.IntentHash,
            Subject = agentId,
        }, signer, Kid, TimeProvider.System);
        var bodyFile = Path.Combine(home.Path, "body.txt");
        var runCli = new CliRunner(home.Path);
        var (curlExit, _, curlErr) = await runCli.RunAsync("run", "--token", token, "--port", proxyPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--", "curl", "-sS", "-o", bodyFile, "-H", "X-Sigil-Attestation: " + attestation, url);

        await stop.CancelAsync();
        Assert.Equal(0, (await running).Exit);
        Assert.True(curlExit == 0, $"curl exited {curlExit}: {curlErr}");
        var body = await File.ReadAllTextAsync(bodyFile);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.Contains("[REDACTED:sigil-vault]", body, StringComparison.Ordinal);
        var received = Assert.Single(upstream.Received);
        Assert.Equal("Bearer " + Secret, received.Authorization);
        Assert.False(received.HadAttestation);

        var verify = await cli.JsonAsync("audit", "verify");
        Assert.True((bool)verify["valid"]!);
        Assert.True((long)verify["records"]! >= 2);
        Assert.True((int)verify["checkpointsMatched"]! >= 1);
    }

    [Fact]
    public void RunEnvironment_SetsProxyAndCaVariables()
    {
        var variables = RunEnvironment.Build("svt_a/b", 10255, "/tmp/ca.crt");

        Assert.Equal("http://agent:svt_a%2Fb@127.0.0.1:10255", variables["HTTPS_PROXY"]);
        Assert.Equal(variables["HTTPS_PROXY"], variables["HTTP_PROXY"]);
        Assert.Equal(string.Empty, variables["NO_PROXY"]);
        foreach (var name in new[] { "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS" })
        {
            Assert.Equal("/tmp/ca.crt", variables[name]);
        }
        Assert.Equal("1", variables["NODE_USE_ENV_PROXY"]);
    }

    [Fact]
    public async Task TrustAdd_KeyNotMatchingPin_Refused4AndNothingStored()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        using var key = Ed25519KeyPair.Generate();
        using var other = Ed25519KeyPair.Generate();
        var jwkPath = Path.Combine(home.Path, "k.jwk");
        await File.WriteAllTextAsync(jwkPath, Jwk.FromPublicKey(key.PublicKey, "k1").ToJson());

        var (exit, _, error) = await cli.RunAsync("trust", "add", "--kid", "k1", "--fingerprint", RawKeyFingerprint.Compute(other.PublicKey), "--jwk", jwkPath);

        Assert.Equal(4, exit);
        Assert.Contains("does not match the pin", error, StringComparison.Ordinal);
        Assert.Empty((await cli.JsonAsync("trust", "list"))["anchors"]!.AsArray());
    }

    [Fact]
    public async Task TrustAdd_FromJwksUrl_PinsTheKeyNamedByKid()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        using var key = Ed25519KeyPair.Generate();
        var jwks = new Jwks([Jwk.FromPublicKey(key.PublicKey, "k2")]).ToJson();
        await using var server = await JwksServer.StartAsync(jwks);
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");

        var added = await cli.JsonAsync("trust", "add", "--kid", "k2", "--fingerprint", RawKeyFingerprint.Compute(key.PublicKey), "--jwks-url", server.Url);

        Assert.Equal("sigil-core", (string?)added["anchor"]!["issuer"]);
        Assert.Single((await cli.JsonAsync("trust", "list"))["anchors"]!.AsArray());
    }

    [Fact]
    public async Task Commands_BeforeInit_ExitNotFound()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);

        var (exit, _, error) = await cli.RunAsync("agents", "list");

        Assert.Equal(3, exit);
        Assert.Contains("sigil-vault init", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentsRevoke_AgentAlias_ListShowsRevoked()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        var id = (string)(await cli.JsonAsync("agent", "register", "--name", "a"))["agent"]!["id"]!;

        await cli.JsonAsync("agents", "revoke", id);

        Assert.Equal("revoked", (string?)(await cli.JsonAsync("agents", "list"))["agents"]![0]!["status"]);
    }

    [Fact]
    public async Task RoutesAdd_UnknownBackend_ExitNotFound()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        var id = (string)(await cli.JsonAsync("agents", "create", "--name", "a"))["agent"]!["id"]!;

        var (exit, _, _) = await cli.RunAsync("routes", "add", "--agent-id", id, "--host", "api.example.com", "--backend", "nope", "--secret", "X");

        Assert.Equal(3, exit);
    }

    [Theory]
    [InlineData("--host", "api.example.com:443")]
    [InlineData("--host", "*")]
    [InlineData("--header", "Authorization=Bearer")]
    [InlineData("--header", "Host={{credential}}")]
    [InlineData("--query", "k=a{{credential}}b{{credential}}")]
    [InlineData("--scheme", "ftp")]
    [InlineData("--scheme", "HTTPS ")]
    [InlineData("--port", "0")]
    [InlineData("--port", "65536")]
    [InlineData("--port", "abc")]
    public async Task RoutesAdd_InvalidSpec_ExitUsage(string option, string value)
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        var id = (string)(await cli.JsonAsync("agents", "create", "--name", "a"))["agent"]!["id"]!;
        await cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env");
        string[] args = ["routes", "add", "--agent-id", id, "--backend", "dev", "--secret", "X", option, value];
        if (option != "--host")
        {
            args = [.. args, "--host", "api.example.com"];
        }

        var (exit, _, _) = await cli.RunAsync(args);

        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task RoutesAdd_SchemeAndPort_StoredAndListed()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        var id = (string)(await cli.JsonAsync("agents", "create", "--name", "a"))["agent"]!["id"]!;
        await cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env");

        var plain = await cli.JsonAsync("routes", "add", "--agent-id", id, "--host", "legacy.internal", "--scheme", "http", "--port", "8080", "--backend", "dev", "--secret", "X");
        var defaults = await cli.JsonAsync("routes", "add", "--agent-id", id, "--host", "api.example.com", "--backend", "dev", "--secret", "X");
        var httpDefault = await cli.JsonAsync("routes", "add", "--agent-id", id, "--host", "old.internal", "--scheme", "http", "--backend", "dev", "--secret", "X");
        var listed = (await cli.JsonAsync("routes", "list"))["routes"]!.AsArray();
        var (_, table, _) = await cli.RunAsync("routes", "list");

        Assert.Equal(("http", 8080), ((string?)plain["route"]!["scheme"], (int)plain["route"]!["port"]!));
        Assert.Equal(("https", 443), ((string?)defaults["route"]!["scheme"], (int)defaults["route"]!["port"]!));
        Assert.Equal(("http", 80), ((string?)httpDefault["route"]!["scheme"], (int)httpDefault["route"]!["port"]!));
        Assert.Equal(["http:8080", "https:443", "http:80"], listed.Select(r => (string?)r!["scheme"] + ":" + (int)r["port"]!).ToArray());
        Assert.Contains("8080", table, StringComparison.Ordinal);
        Assert.Contains("scheme", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "plain-http upstreams: refused")]
    [InlineData(true, "plain-http upstreams: ALLOWED for --scheme http routes (InsecureAllowPlainHttpUpstreams)")]
    public async Task Start_PostureLine_NamesThePlainHttpSwitch(bool insecure, string expected)
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        cli.ProxyReady = port => ready.TrySetResult(port);
        using var stop = new CancellationTokenSource();
        string[] args = insecure ? ["start", "--port", "0", "--insecure-allow-plain-http-upstreams"] : ["start", "--port", "0"];

        var running = cli.RunAsync(stop.Token, args);
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        var (exit, output, _) = await running;

        Assert.Equal(0, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendsAdd_UnknownKindOrOption_ExitUsage()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");

        Assert.Equal(2, (await cli.RunAsync("backends", "add", "--name", "x", "--kind", "no-such-kind")).Exit);
        Assert.Equal(2, (await cli.RunAsync("backends", "add", "--name", "x", "--kind", "env", "--options", "bogus=1")).Exit);
    }

    [Fact]
    public async Task CaExport_WritesPemOfTheVaultCa()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        var file = Path.Combine(home.Path, "ca.pem");

        await cli.JsonAsync("ca", "export", "--out", file);

        using var certificate = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(file));
        Assert.Contains("sigil-vault", certificate.Subject, StringComparison.Ordinal);
        Assert.False(certificate.HasPrivateKey);
    }

    [Fact]
    public async Task PRX_23_StartCaKeyReadableByOthers_RefusesToStart()
    {
        Assert.False(OperatingSystem.IsWindows(), "Unix file modes are what this test checks.");
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
#pragma warning disable CA1416 // Guarded above.
        File.SetUnixFileMode(Path.Combine(home.Path, "vault", "ca", "ca.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
#pragma warning restore CA1416

        var (exit, _, error) = await cli.RunAsync("start", "--port", "0");

        Assert.Equal(4, exit);
        Assert.Contains("chmod 600", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_FreshInit_PassesWithWarnings()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");

        var report = await cli.JsonAsync("doctor", "--port", "0");

        Assert.True((bool)report["ok"]!);
        Assert.Contains(report["checks"]!.AsArray(), c => (string?)c!["name"] == "trust anchors" && (string?)c["status"] == "warn");
    }

    [Fact]
    public async Task Help_EveryCommandHasExamplesOrDetails()
    {
        using var home = new TempDirectory("sigil-vault-cli-");
        var cli = new CliRunner(home.Path);

        var (exit, output, _) = await cli.RunAsync("routes", "add", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
    }

    // The manual is text, not code: this keeps "Kinds in this build" true when a backend kind is added.
    [Fact]
    public async Task Help_Backends_NamesEveryBackendKindOfThisBuild()
    {
        using var home = new TempDirectory("sigil-vault-cli-");

        var output = (await new CliRunner(home.Path).RunAsync("backends", "--help")).Out;

        Assert.All(Sigilum.Backends.BackendFactory.Kinds, kind => Assert.Contains(kind, output, StringComparison.Ordinal));
    }
}
