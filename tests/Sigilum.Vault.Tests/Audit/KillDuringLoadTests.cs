using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Audit;

/// <summary>
/// Issue 6 acceptance: a real `sigil-vault start` process killed (SIGKILL) under load leaves an audit
/// log that verifies up to its last complete record, and every request the agent saw succeed has its
/// release record on disk (written durably before the credential was used).
/// </summary>
public sealed class KillDuringLoadTests
{
    private const string Secret = "sk-kill-Secret_123";

    [Fact]
    public async Task SigKillUnderLoad_LogVerifiesAndEverySuccessHasItsRelease()
    {
        using var home = new TempDirectory("sigil-vault-kill-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        await VaultInitializer.InitializeAsync(paths, null, TimeProvider.System);
        var store = await VaultStore.OpenAsync(paths, TimeProvider.System);
        using var signer = Ed25519KeyPair.Generate();
        var now = TimeProvider.System.GetUtcNow();
        await store.AddTrustAnchorAsync(new TrustAnchor("k1", RawKeyFingerprint.Compute(signer.PublicKey), "sigil-core", Jwk.FromPublicKey(signer.PublicKey, "k1"), "test", now));
        const string Token = "svt_kill-test-token";
        await store.AddAgentAsync(new VaultAgent("agt_kill", "kill", VaultStore.HashToken(Token), now, null));
        await store.AddBackendAsync(new BackendConfig("env1", "env", new Dictionary<string, string>(), now));
        await using var upstream = await TestUpstream.StartAsync();
        await store.AddRouteAsync(new RouteConfig("rt_1", "agt_kill", "127.0.0.1", "/*", "env1", "UPSTREAM_KEY", [], null, true, now) { Port = upstream.Port });
        var upstreamCa = Path.Combine(home.Path, "upstream-ca.pem");
        await File.WriteAllTextAsync(upstreamCa, upstream.Root.ExportCertificatePem());

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "sigil-vault.dll"), "start", "--port", "0", "--upstream-ca", upstreamCa })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["SIGILUM_HOME"] = home.Path;
        start.Environment["UPSTREAM_KEY"] = Secret;
        using var vault = Process.Start(start)!;
        try
        {
            var port = await ReadPortAsync(vault);
            using var vaultCa = X509CertificateLoader.LoadCertificateFromFile(paths.CaCertificate);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                Proxy = new WebProxy(new Uri($"http://127.0.0.1:{port}")) { Credentials = new NetworkCredential("agent", Token) },
                SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, c, _, e) => Trusts(vaultCa, c, e) },
            });
            var succeeded = 0;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var stop = new CancellationTokenSource();
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var url = $"https://127.0.0.1:{upstream.Port}/w{w}/{i}";
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", AttestationIssuer.Issue(new AttestationDraft
                    {
                        Issuer = "sigil-core",
                        Audience = "sigil-vault",
                        IntentHash = HttpIntent.Create("GET", url).Value!.Commitment.IntentHash,
                        Subject = "agt_kill",
                    }, signer, "k1", TimeProvider.System));
                    try
                    {
                        using var response = await client.SendAsync(request, stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK && Interlocked.Increment(ref succeeded) >= 40)
                        {
                            enough.TrySetResult();
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                    {
                        return;
                    }
                }
            })).ToList();

            await enough.Task.WaitAsync(TimeSpan.FromSeconds(60));
            vault.Kill();
            await vault.WaitForExitAsync();
            var seen = Volatile.Read(ref succeeded);
            await stop.CancelAsync();
            await Task.WhenAll(workers);

            var result = AuditFiles.Verify(paths);
            Assert.True(result.Valid, result.Error?.ToString());
            var releases = File.ReadAllLines(AuditFiles.LogPath(paths))
                .Take((int)result.RecordsVerified)
                .Count(line => (string?)JsonNode.Parse(line)!["type"] == VaultAuditTypes.Release);
            Assert.True(releases >= seen, $"{seen} successes but only {releases} durable releases");
        }
        finally
        {
            if (!vault.HasExited)
            {
                vault.Kill();
            }
        }
    }

    private static async Task<int> ReadPortAsync(Process vault)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await vault.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string Marker = "listening on 127.0.0.1:";
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var rest = line[(at + Marker.Length)..];
                return int.Parse(rest[..rest.IndexOf(' ', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException("sigil-vault start exited: " + await vault.StandardError.ReadToEndAsync());
    }

    private static bool Trusts(X509Certificate2 root, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
