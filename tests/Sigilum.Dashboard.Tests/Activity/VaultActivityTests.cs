using System.Net;
using System.Net.Http.Json;
using Sigilum.Dashboard.Browser;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Usage;
using Sigilum.Vault.Witness;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Activity;

/// <summary>Issue 17: a request a real vault released reaches the Activity page through the vault's own usage reporter.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VaultActivityTests(BrowserFixture browser)
{
    [Fact]
    public async Task Activity_RealVaultRelease_ShowsUnderPlaneVault()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            // The vault's node key registered as a vault node of the namespace, as `sigilum up` and `sigil-vault connect` do.
            using var nodeKey = Ed25519KeyPair.Generate();
            var owner = harness.ControlPlane.PlainClient(harness.OwnerToken);
            (await owner.PostAsJsonAsync($"v1/namespaces/{harness.Namespace}/nodes", new { kind = "vault", public_key = AgentKeys.Format(nodeKey.PublicKey) }))
                .EnsureSuccessStatusCode();
            var pairing = new WitnessPairing(harness.BaseUrl, harness.Namespace, "vt_activity", TimeProvider.System.GetUtcNow(), 0);
            await using var usage = new VaultUsageReporter(pairing, nodeKey, new SocketsHttpHandler(), TimeProvider.System);
            usage.Start();
            var vault = await VaultHarness.StartAsync(new HarnessOptions { HostOptions = new VaultHostOptions { Finished = usage.Report } });
            await using (vault)
            {
                using var response = await vault.CreateClient().SendAsync(vault.AttestedRequest(HttpMethod.Get, "/v1/models?limit=2"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            // The vault is stopped (its outcome records are written), and stopping the reporter sends what it queued.
            await usage.StopAsync();
            Assert.Equal((1, 0), (usage.Sent, usage.Refused));

            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/activity?plane=vault");
            var rows = page.Locator("main table:not(.sr-only) tbody tr");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows).ToContainTextAsync("GET /v1/models");
            await Expect(rows).ToContainTextAsync("env1");
            await Expect(rows).ToContainTextAsync("agt_test");
            await Expect(rows).Not.ToContainTextAsync("limit=2");
            await page.GotoAsync("/dashboard/activity?plane=gateway");
            await Expect(rows).ToHaveCountAsync(0);
        });
    }
}
