using System.Net;
using System.Text.Json;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Sigilum.Vault.Admin;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Witness;

namespace Sigilum.Vault.Usage;

/// <summary>The vault's usage events (issue 17, ADR 0071): what a released request becomes, and what is never sent.</summary>
public sealed class VaultUsageReporterTests
{
    [Fact]
    public async Task Finished_ReleasedRequest_ReportsBackendSignerKeyAgentAndStatus()
    {
        var reports = new List<VaultRequestReport>();
        var vault = await VaultHarness.StartAsync(new HarnessOptions { HostOptions = new VaultHostOptions { Finished = r => { lock (reports) { reports.Add(r); } } } });
        await using (vault)
        {
            using var response = await vault.CreateClient().SendAsync(vault.AttestedRequest(HttpMethod.Get, "/v1/models?limit=2"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await vault.Host.DisposeAsync();
            vault.MarkStopped();
            var report = Assert.Single(reports);
            Assert.Equal(("agt_test", "env1", 200, "GET"), (report.Agent, report.Backend, report.Status, report.Method));
            Assert.Equal(AgentKeys.Format(vault.Signer.PublicKey), report.SignerKey);
            Assert.StartsWith("/v1/models", report.Path, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Report_PostsSignedBatchWithoutQueryOrSecret()
    {
        var capture = new CapturingHandler();
        var metrics = new VaultMetrics();
        await using var usage = Started(capture, metrics);
        var signer = "ed25519:" + Convert.ToBase64String(new byte[32]);

        usage.Report(new VaultRequestReport("agt_1", "rt_1", "kid-1", "GET", "/v1/models?key=sk-secret", 502, TimeProvider.System.GetUtcNow(), 12)
        {
            Backend = "Not A Slug",
            SignerKey = signer,
        });
        await usage.StopAsync();

        Assert.Equal(1, usage.Sent);
        // The admin port's counter the gateway has too (docs/vault.md).
        Assert.Contains("sigilum_vault_usage_events_total{result=\"sent\"} 1", metrics.Render(), StringComparison.Ordinal);
        var request = Assert.Single(capture.Requests);
        Assert.Equal("http://127.0.0.1:9/v1/usage/events/batch", request.Url);
        Assert.Contains(request.Headers, h => string.Equals(h, SigilumHeaders.SignatureInput, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("sk-secret", request.Body, StringComparison.Ordinal);
        var sent = JsonDocument.Parse(request.Body).RootElement.GetProperty("events")[0];
        Assert.Equal((VaultUsageReporter.FallbackService, signer, "agt_1", "error", 502, "/v1/models"),
            (sent.GetProperty("service").GetString(), sent.GetProperty("public_key").GetString(), sent.GetProperty("agent_id").GetString(),
             sent.GetProperty("outcome").GetString(), sent.GetProperty("status_code").GetInt32(), sent.GetProperty("request_path").GetString()));
        Assert.StartsWith("vt-", sent.GetProperty("event_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_NoSignerKey_CountedAndNotSent()
    {
        var capture = new CapturingHandler();
        await using var usage = Started(capture);

        usage.Report(new VaultRequestReport("agt_1", "rt_1", "gone", "GET", "/x", 200, TimeProvider.System.GetUtcNow(), 1) { Backend = "env1" });
        await usage.StopAsync();

        Assert.Equal((1, 0), (usage.Unnamed, usage.Sent));
        Assert.Empty(capture.Requests);
    }

    /// <summary>A started reporter paired with a control plane at a closed port, sending through <paramref name="transport"/> (which it disposes).</summary>
    private static VaultUsageReporter Started(CapturingHandler transport, VaultMetrics? metrics = null)
    {
        using var nodeKey = Ed25519KeyPair.Generate();
        var pairing = new WitnessPairing("http://127.0.0.1:9/", "alice", "vt_1", TimeProvider.System.GetUtcNow(), 0);
        var usage = new VaultUsageReporter(pairing, nodeKey, transport, TimeProvider.System) { Metrics = metrics };
        usage.Start();
        return usage;
    }

    private sealed record Captured(string Url, IReadOnlyList<string> Headers, string Body);

    /// <summary>Answers 201 to every request and keeps what was sent.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public List<Captured> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add(new Captured(request.RequestUri!.AbsoluteUri, [.. request.Headers.Select(h => h.Key)], body));
            }
            return new HttpResponseMessage(HttpStatusCode.Created);
        }
    }
}
