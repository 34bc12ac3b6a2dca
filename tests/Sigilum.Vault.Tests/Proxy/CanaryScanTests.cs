using System.Net;
using System.Text;
using Sigilum.Testing;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Reliability MEM-04 for the vault: a canary credential is released through the MITM proxy to an upstream
/// that echoes it in several spellings, and to one that fails; afterwards the vault's home (store, audit log,
/// checkpoints, CA), the responses and new temp files hold no spelling of it.
/// </summary>
public sealed class CanaryScanTests
{
    [Fact]
    public async Task MEM_04_CanaryThroughTheVault_NoTraceInStoreAuditResponsesOrTempFiles()
    {
        var started = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1);
        var canary = CanaryScan.NewCanary();
        await using var harness = await VaultHarness.StartAsync();
        harness.Environment[VaultHarness.SecretVariable] = canary;
        var client = harness.CreateClient();

        var responses = new StringBuilder();
        foreach (var path in new[] { "/echo", "/echo-as?form=base64", "/echo-as?form=percent", "/echo-as?form=hex", "/v1/models" })
        {
            using var response = await client.SendAsync(harness.AttestedRequest(HttpMethod.Get, path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            responses.AppendJoin('\n', response.Headers.SelectMany(h => h.Value)).Append('\n').Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }
        await harness.Host.DisposeAsync();
        harness.MarkStopped();

        Assert.All(harness.Upstream.Received, r => Assert.Equal("Bearer " + canary, r.Authorization));
        var hits = new List<string>();
        hits.AddRange(CanaryScan.Hits(canary, "agent responses", responses.ToString()));
        hits.AddRange(CanaryScan.HitsInFiles(canary, harness.Home.Path, started));
        hits.AddRange(CanaryScan.HitsInFiles(canary, Path.GetTempPath(), started));

        Assert.Empty(hits);
        Assert.NotEmpty(Directory.GetFiles(harness.Home.Path, "*", SearchOption.AllDirectories));
    }
}
