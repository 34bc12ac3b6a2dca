using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.Core.Witness;
using Sigilum.Dashboard.Browser;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Audit;

/// <summary>
/// The audit page against a real control plane: checkpoints arrive through the witness endpoint signed by a
/// registered node; what the endpoint rightly refuses (a regression, a forged signature) is put in the store
/// directly, as a tampered database would hold it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditPageTests(BrowserFixture browser) : IDisposable
{
    private const string Path = "/dashboard/audit";
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task Audit_WitnessedCheckpoints_ShowWithVerifies()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var (node, nodeId) = await RegisterNodeAsync(harness, "alice");
            var five = await PostAsync(node, Sign(nodeId, 5));
            var nine = await PostAsync(node, Sign(nodeId, 9));
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            await Expect(page).ToHaveTitleAsync("Audit · Sigilum");
            var card = page.Locator($"section[data-node='{nodeId}']");
            await Expect(card.Locator("[data-verdict]")).ToHaveTextAsync("verifies");
            await Expect(card).ToContainTextAsync("Checked the newest 2 witnessed checkpoints.");
            await Expect(card.Locator("tbody tr")).ToHaveCountAsync(2);
            var newest = card.Locator("tbody tr").First;
            await Expect(newest).ToHaveAttributeAsync("data-seq", "9");
            await Expect(newest.Locator("code")).ToHaveTextAsync(nine.Head[..12] + "…");
            await Expect(newest.Locator("code")).ToHaveAttributeAsync("title", nine.Head);
            await Expect(newest.Locator("time").First).ToHaveAttributeAsync("datetime", nine.Timestamp.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await Expect(card.Locator("tbody tr[data-seq='5'] code")).ToHaveAttributeAsync("title", five.Head);
            await Expect(page.GetByText("No checkpoints witnessed yet")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Audit_ApprovedInTheDashboard_ReleaseShowsClaimApproverAndTime()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            var agent = harness.ControlPlane.NewIdentity(harness.Namespace);
            var filed = await harness.ControlPlane.SubmitClaimAsync(agent, serviceKey, "mail");
            var claimId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;
            await page.GotoAsync("/dashboard/pending");
            await page.Locator($"[data-claim-id='{claimId}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Approved.");
            var claim = await harness.ControlPlane.Host.Store.Claims.GetAsync(claimId);

            // The request, as the gateway reports it after forwarding: one signed usage batch from a registered gateway.
            var gateway = harness.ControlPlane.NewIdentity(harness.Namespace);
            (await harness.ControlPlane.PlainClient(harness.OwnerToken).PostAsJsonAsync($"v1/namespaces/{harness.Namespace}/nodes",
                new { kind = "gateway", public_key = gateway.AgentKeyHeader })).EnsureSuccessStatusCode();
            var usage = new
            {
                event_id = "ev_delegation_1", service = "mail", public_key = agent.AgentKeyHeader, subject = "alice", outcome = "success",
                status_code = 200, occurred_at = TimeProvider.System.GetUtcNow(), request_method = "GET", request_path = "/v1/messages",
            };
            Assert.Equal(System.Net.HttpStatusCode.Created, (await harness.ControlPlane.SignedClient(gateway).PostAsJsonAsync("v1/usage/events/batch", new { events = new[] { usage } })).StatusCode);

            await page.GotoAsync(Path);

            var row = page.Locator($"[data-delegation] tr[data-claim-id='{claimId}']");
            await Expect(row).ToHaveCountAsync(1);
            await Expect(row).ToContainTextAsync(claimId);
            await Expect(row).ToContainTextAsync("alice");
            // Approved through the dashboard: the method and the owner's id, never the session.
            Assert.StartsWith("dashboard:", claim!.ApprovedBy, StringComparison.Ordinal);
            await Expect(row.Locator("[data-approved-by]")).ToHaveTextAsync(claim.ApprovedBy!);
            await Expect(row.Locator("time").Nth(1)).ToHaveAttributeAsync("datetime", claim.ApprovedAt!.Value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public async Task Audit_LowerSeqWitnessedLater_DoesNotVerify()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var (node, nodeId) = await RegisterNodeAsync(harness, "alice");
            await PostAsync(node, Sign(nodeId, 9));
            // The witness endpoint refuses this (409 regression); a database edited behind its back can still hold it.
            Assert.True(await harness.ControlPlane.Host.Store.Checkpoints.AddAsync(Stored(nodeId, Sign(nodeId, 7), TimeProvider.System.GetUtcNow().AddMinutes(1))));
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            var verdict = page.Locator($"section[data-node='{nodeId}'] [data-verdict]");
            await Expect(verdict).ToHaveAttributeAsync("data-verdict", "fails");
            await Expect(verdict).ToContainTextAsync("does not verify: Seq 7 is below the witnessed seq 9");
            await Expect(page.Locator($"section[data-node='{nodeId}']")).ToContainTextAsync("AUDIT_CHECKPOINT_REGRESSION");
        });
    }

    [Fact]
    public async Task Audit_ForgedCheckpointInStore_DoesNotVerify()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var (node, nodeId) = await RegisterNodeAsync(harness, "alice");
            await PostAsync(node, Sign(nodeId, 5));
            var genuine = Sign(nodeId, 9);
            var forgedHead = Hash("forged");
            var forged = Stored(nodeId, genuine, TimeProvider.System.GetUtcNow().AddMinutes(1)) with
            {
                Head = forgedHead,
                Json = genuine.ToString().Replace(genuine.Head, forgedHead, StringComparison.Ordinal),
            };
            Assert.True(await harness.ControlPlane.Host.Store.Checkpoints.AddAsync(forged));
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            var verdict = page.Locator($"section[data-node='{nodeId}'] [data-verdict]");
            await Expect(verdict).ToContainTextAsync("does not verify: The checkpoint's signature does not verify");
            await Expect(page.Locator($"section[data-node='{nodeId}']")).ToContainTextAsync("AUDIT_CHECKPOINT_SIGNATURE_INVALID");
        });
    }

    [Fact]
    public async Task Audit_NodeWithoutCheckpoints_ExplainsHowTheyArrive()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var (_, nodeId) = await RegisterNodeAsync(harness, "alice");
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            await Expect(page.GetByText("No checkpoints witnessed yet")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("sigilum audit verify --witness");
            await Expect(page.Locator($"section[data-node='{nodeId}'] [data-verdict]")).ToHaveTextAsync("no checkpoints yet");
        });
    }

    [Fact]
    public async Task Audit_NoNodes_ShowsEmptyState()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            await Expect(page.GetByText("No gateway or vault is paired yet")).ToBeVisibleAsync();
            await Expect(page.Locator("section[data-node]")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Audit_AnotherNamespacesNode_NeverShows()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var (_, bobToken) = await harness.ControlPlane.RegisterOwnerAsync("bobby");
            var (bobNode, bobNodeId) = await RegisterNodeAsync(harness, "bobby", bobToken);
            await PostAsync(bobNode, Sign(bobNodeId, 3));
            await harness.SignInAsync();

            await page.GotoAsync(Path);

            await Expect(page.GetByText("No gateway or vault is paired yet")).ToBeVisibleAsync();
            Assert.DoesNotContain(bobNodeId, await page.ContentAsync(), StringComparison.Ordinal);
        });
    }

    private async Task<(HttpClient Client, string NodeId)> RegisterNodeAsync(DashboardHarness harness, string ns, string? ownerToken = null)
    {
        var identity = SigningIdentity.FromRecord(IdentityRecord.Create(ns, _key, TimeProvider.System));
        var owner = harness.ControlPlane.PlainClient(ownerToken ?? harness.OwnerToken);
        var response = await owner.PostAsJsonAsync($"v1/namespaces/{ns}/nodes", new { kind = "gateway", public_key = identity.AgentKeyHeader });
        var id = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (harness.ControlPlane.SignedClient(identity), id);
    }

    private AuditCheckpoint Sign(string nodeId, long seq) =>
        AuditCheckpoint.Sign(nodeId, new AuditChainHead(seq, Hash("log" + seq), null), TimeProvider.System, _key);

    private static StoredCheckpoint Stored(string nodeId, AuditCheckpoint checkpoint, DateTimeOffset receivedAt) => new()
    {
        NodeId = nodeId, Namespace = "alice", Seq = checkpoint.Seq, Head = checkpoint.Head, Json = checkpoint.ToString(), ReceivedAt = receivedAt,
    };

    private static async Task<AuditCheckpoint> PostAsync(HttpClient node, AuditCheckpoint checkpoint)
    {
        var response = await node.PostAsync("v1/witness/checkpoints", new StringContent(checkpoint.ToString(), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return checkpoint;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
