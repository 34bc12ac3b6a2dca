using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Cli;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Witness;

/// <summary>
/// Issue 6 item 5: a vault paired with a real control plane (`sigil-vault connect` with the owner's stored
/// sign-in) sends its signed checkpoints to the witness while `start` runs; after traffic the witness holds
/// the vault's newest checkpoint, which verifies under the node key and names a head the local log has.
/// </summary>
public sealed class VaultWitnessTests
{
    private const string Secret = "sk-witness-Secret_24680";
    private const string Kid = "wit-key-1";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task Start_PairedWithConnect_WitnessHoldsLatestCheckpointThatVerifies()
    {
        using var home = new TempDirectory("sigil-vault-witness-");
        await using var controlPlane = await StartControlPlaneAsync(home.Path);
        var apiUrl = controlPlane.Host.BaseUrl;
        await using var upstream = await TestUpstream.StartAsync();
        using var signer = Ed25519KeyPair.Generate();
        var resolve = (string host, CancellationToken _) => Task.FromResult(host == TestUpstream.HostName ? new[] { IPAddress.Loopback } : []);
        var cli = new CliRunner(home.Path, new Dictionary<string, string> { ["UPSTREAM_KEY"] = Secret }, resolve);
        await cli.JsonAsync("init");
        var jwkPath = Path.Combine(home.Path, "signer.jwk");
        await File.WriteAllTextAsync(jwkPath, Jwk.FromPublicKey(signer.PublicKey, Kid).ToJson());
        await cli.JsonAsync("trust", "add", "--kid", Kid, "--fingerprint", RawKeyFingerprint.Compute(signer.PublicKey), "--jwk", jwkPath, "--issuer", "cp");
        var created = await cli.JsonAsync("agents", "create", "--name", "bot");
        await cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env");
        await cli.JsonAsync("routes", "add", "--agent-id", (string)created["agent"]!["id"]!, "--host", TestUpstream.HostName, "--path", "/*",
            "--backend", "dev", "--secret", "UPSTREAM_KEY", "--allow-private-network", "--port", upstream.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var upstreamCa = Path.Combine(home.Path, "upstream-ca.pem");
        await File.WriteAllTextAsync(upstreamCa, upstream.Root.ExportCertificatePem());

        var connected = await cli.JsonAsync("connect", "--api-url", apiUrl, "--namespace", "alice");
        var nodeId = (string)connected["node_id"]!;
        Assert.StartsWith("vt_", nodeId, StringComparison.Ordinal);
        Assert.True((bool)connected["registered"]!);
        // The control plane's key is pinned at connect (ADR 0024): the witness's answers are verified against it.
        Assert.Equal(controlPlane.Host.ControlPlaneKey, (string)connected["control_plane_key"]!);
        Assert.Equal(controlPlane.Host.ControlPlaneKey, WitnessPairing.Load(new VaultPaths(Path.Combine(home.Path, "vault")))!.ControlPlaneKey);
        var again = await cli.JsonAsync("connect", "--api-url", apiUrl, "--namespace", "alice");
        Assert.Equal(nodeId, (string)again["node_id"]!);
        Assert.False((bool)again["registered"]!);

        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        cli.ProxyReady = port => ready.TrySetResult(port);
        using var stop = new CancellationTokenSource();
        var running = cli.RunAsync(stop.Token, "start", "--port", "0", "--upstream-ca", upstreamCa);
        var proxyPort = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        using (var agent = AgentClient(proxyPort, (string)created["token"]!, paths))
        {
            for (var i = 0; i < 3; i++)
            {
                var url = $"https://{TestUpstream.HostName}:{upstream.Port}/v1/items/{i}";
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", AttestationIssuer.Issue(new AttestationDraft
                {
                    Issuer = "cp", Audience = "sigil-vault", IntentHash = HttpIntent.Create("GET", url).Value!.Commitment.IntentHash,
                    Subject = (string)created["agent"]!["id"]!,
                }, signer, Kid, TimeProvider.System));
                using var response = await agent.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        await stop.CancelAsync();
        var (exit, output, error) = await running;
        Assert.True(exit == 0, error);
        Assert.Contains("witness: paired", output, StringComparison.Ordinal);

        // The shutdown checkpoint covers all six records (3 releases, 3 outcomes) and reached the witness.
        var latest = await controlPlane.OwnerApi.GetFromJsonAsync<JsonElement>($"v1/witness/nodes/{nodeId}/latest");
        var lines = await File.ReadAllLinesAsync(Path.Combine(paths.AuditDirectory, "audit.jsonl"));
        Assert.Equal(lines.Length, latest.GetProperty("seq").GetInt64());
        var checkpoint = AuditCheckpoint.Parse(latest.GetProperty("checkpoint").GetString()!).Value!;
        using var nodeKey = NodeKey.Load(paths.NodeKey);
        Assert.True(checkpoint.IsSignedBy(nodeKey.PublicKey));
        Assert.Equal(nodeId, checkpoint.Node);
        var record = JsonNode.Parse(lines[^1])!;
        Assert.Equal(checkpoint.Seq, (long)record["seq"]!);
        Assert.Equal(checkpoint.Head, (string)record["hash"]!);
        // The acknowledged seq is remembered, so a restart does not resend it.
        Assert.Equal(checkpoint.Seq, WitnessPairing.Load(paths)!.LastSentSeq);
        var verify = await cli.JsonAsync("audit", "verify");
        Assert.True((bool)verify["valid"]!);
    }

    [Fact]
    public async Task Connect_NotSignedIn_Exits3WithLoginHint()
    {
        using var home = new TempDirectory("sigil-vault-witness-");
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");

        var (exit, _, error) = await cli.RunAsync("connect", "--api-url", "http://127.0.0.1:9", "--namespace", "alice");

        Assert.Equal(3, exit);
        Assert.Contains("sigilum auth login", error, StringComparison.Ordinal);
        Assert.Null(WitnessPairing.Load(new VaultPaths(Path.Combine(home.Path, "vault"))));
    }

    [Fact]
    public async Task Connect_TokenOfOtherNamespaceOwner_RefusedAndNotPaired()
    {
        using var home = new TempDirectory("sigil-vault-witness-");
        await using var controlPlane = await StartControlPlaneAsync(home.Path);
        var cli = new CliRunner(home.Path);
        await cli.JsonAsync("init");
        // alice's token stored under bob's name: the control plane must refuse it for bob's nodes.
        var aliceFile = Path.Combine(home.Path, "controlplane", "owner-token-alice");
        await File.WriteAllTextAsync(Path.Combine(home.Path, "controlplane", "owner-token-bob"),
            (await File.ReadAllTextAsync(aliceFile)).Replace("\"namespace\": \"alice\"", "\"namespace\": \"bob\"", StringComparison.Ordinal));

        var (exit, _, error) = await cli.RunAsync("connect", "--api-url", controlPlane.Host.BaseUrl, "--namespace", "bob");

        Assert.Equal(1, exit);
        Assert.Contains("refused", error, StringComparison.Ordinal);
        Assert.Null(WitnessPairing.Load(new VaultPaths(Path.Combine(home.Path, "vault"))));
    }

    private static HttpClient AgentClient(int proxyPort, string token, VaultPaths paths)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(paths.CaCertificate);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        return new HttpClient(new SocketsHttpHandler
        {
            Proxy = new WebProxy($"http://127.0.0.1:{proxyPort}") { Credentials = new NetworkCredential("agent", token) },
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
        });
    }

    /// <summary>A control plane with namespace alice, and alice's owner token stored as `sigilum auth login` stores it.</summary>
    private static async Task<RunningControlPlane> StartControlPlaneAsync(string home)
    {
        var host = await ControlPlaneHost.StartAsync(new ControlPlaneOptions
        {
            Urls = "http://127.0.0.1:0",
            SqlitePath = Path.Combine(home, "cp.db"),
            MasterKeyFile = Path.Combine(home, "master.key"),
        });
        var baseUri = new Uri(host.BaseUrl + "/");
        using var owner = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var signed = new HttpClient(new SigilumSigningHandler(owner, new SigilumSigningOptions(), new SocketsHttpHandler())) { BaseAddress = baseUri };
        (await signed.PostAsJsonAsync("v1/namespaces", new { })).EnsureSuccessStatusCode();
        using var login = await signed.PostAsync("v1/auth/login", null);
        var session = await login.Content.ReadFromJsonAsync<JsonElement>();
        var token = session.GetProperty("token").GetString()!;
        Directory.CreateDirectory(Path.Combine(home, "controlplane"));
        var now = TimeProvider.System.GetUtcNow();
        await File.WriteAllTextAsync(Path.Combine(home, "controlplane", "owner-token-alice"), JsonSerializer.Serialize(new
        {
            version = 1,
            tokens = new[]
            {
                new Dictionary<string, object>
                {
                    ["api_url"] = $"http://127.0.0.1:{baseUri.Port}", ["namespace"] = "alice", ["token"] = token, ["owner_id"] = "own_test",
                    ["expires_at"] = now.AddHours(1), ["created_at"] = now,
                },
            },
        }, Indented));
        var api = new HttpClient { BaseAddress = baseUri };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return new RunningControlPlane(host, api);
    }

    private sealed record RunningControlPlane(ControlPlaneHost Host, HttpClient OwnerApi) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            OwnerApi.Dispose();
            await Host.DisposeAsync();
        }
    }
}
