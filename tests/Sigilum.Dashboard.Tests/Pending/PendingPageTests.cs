using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.Core.Claims;
using Sigilum.Dashboard.Browser;
using Sigilum.Dashboard.Claims;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Pending;

[Collection(BrowserCollection.Name)]
public sealed class PendingPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task PendingPage_ClaimFiledWhileOpen_AppearsAndLeavesWithoutReload()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            await page.GotoAsync("/dashboard/pending");
            await Expect(page).ToHaveTitleAsync("Pending · Sigilum");
            await Expect(page.GetByText("No requests are waiting")).ToBeVisibleAsync();
            // A reload or navigation would lose this marker and count a main-frame navigation.
            await page.EvaluateAsync("() => { window.sigilumMarker = 'same page'; }");
            var navigations = 0;
            page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

            var agent = harness.ControlPlane.NewIdentity(harness.Namespace);
            var filed = await harness.ControlPlane.SubmitClaimAsync(agent, serviceKey, "mail");
            var claimId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("claim_id").GetString()!;

            var row = page.Locator($"[data-claim-id='{claimId}']");
            await Expect(row.GetByRole(AriaRole.Heading)).ToHaveTextAsync("test-agent asks for mail");
            await Expect(row).ToContainTextAsync(agent.KeyId);
            await Expect(page.Locator("#pending-announce")).ToHaveTextAsync("New access request: test-agent for mail.");
            await Expect(page.GetByText("No requests are waiting")).ToHaveCountAsync(0);

            // Decided elsewhere (the CLI, another tab): the row leaves this page on its own.
            await ClaimScenario.DecideAsync(harness, harness.OwnerToken, claimId, "reject");
            await Expect(row).ToHaveCountAsync(0);
            await Expect(page.GetByText("No requests are waiting")).ToBeVisibleAsync();
            Assert.Equal("same page", await page.EvaluateAsync<string>("() => window.sigilumMarker"));
            Assert.Equal(0, navigations);
        });
    }

    [Fact]
    public async Task ApproveAndReject_FromThePage_DecideWithTheChosenScope()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            var writer = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail", "writer-bot");
            var reader = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail", "reader-bot");
            await page.GotoAsync("/dashboard/pending");

            var card = page.Locator($"[data-claim-id='{writer}']");
            await card.GetByLabel("Approval lasts").SelectOptionAsync("1h");
            await card.GetByLabel("Allowed subjects (optional)").FillAsync("alice, support ,alice");
            var before = TimeProvider.System.GetUtcNow();
            await card.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Approved.");
            var after = TimeProvider.System.GetUtcNow();
            await Expect(card).ToHaveCountAsync(0);

            var api = harness.ControlPlane.PlainClient(harness.OwnerToken);
            var approved = await api.GetFromJsonAsync<JsonElement>($"v1/claims/{writer}");
            Assert.Equal("approved", approved.GetProperty("status").GetString());
            var expires = approved.GetProperty("expires_at").GetDateTimeOffset();
            Assert.InRange(expires, before.AddHours(1).AddSeconds(-1), after.AddHours(1).AddSeconds(1));
            Assert.Equal(["alice", "support"], approved.GetProperty("allowed_subjects").EnumerateArray().Select(s => s.GetString()));

            await page.Locator($"[data-claim-id='{reader}']").GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Rejected.");
            Assert.Equal(ClaimStatus.Rejected, (await ClaimScenario.StoredAsync(harness, reader)).Status);
            await Expect(page.GetByText("No requests are waiting")).ToBeVisibleAsync();

            // The same approve form posted again (a second tab): already decided, nothing changes.
            var again = await ClaimScenario.PostFormAsync(harness, page, $"/dashboard/pending/{writer}/approve", ("expiry", "none"));
            Assert.Equal((int)HttpStatusCode.Conflict, again.Status);
            Assert.Contains("DASHBOARD_CLAIM_STATE_CONFLICT", await again.TextAsync(), StringComparison.Ordinal);
            Assert.Equal(expires, (await ClaimScenario.StoredAsync(harness, writer)).ExpiresAt);
        });
    }

    [Fact]
    public async Task Approve_ExpiryNotOffered_IsRefusedWithAMessageAndUnchanged()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            var claimId = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail");
            await page.GotoAsync("/dashboard/pending");

            // A hand-edited form asking for a lifetime the page does not offer.
            await page.EvaluateAsync("id => { const s = document.getElementById('expiry-' + id); s.add(new Option('99 years', '99y')); s.value = '99y'; }", claimId);
            await page.Locator($"[data-claim-id='{claimId}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose how long the approval lasts from the list. Nothing was changed.");
            Assert.Equal(ClaimStatus.Pending, (await ClaimScenario.StoredAsync(harness, claimId)).Status);
            // The refusal page (at the form's address) still follows new requests live.
            var later = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail", "later-bot");
            await Expect(page.Locator($"[data-claim-id='{later}']")).ToBeVisibleAsync();

            // Subjects beyond the field's limit: refused, not cut.
            var tooLong = await ClaimScenario.PostFormAsync(harness, page, $"/dashboard/pending/{claimId}/approve", ("expiry", "1h"), ("subjects", new string('s', 2001)));
            Assert.Equal((int)HttpStatusCode.BadRequest, tooLong.Status);
            Assert.Contains("at most 2000 characters", await tooLong.TextAsync(), StringComparison.Ordinal);
            Assert.Equal(ClaimStatus.Pending, (await ClaimScenario.StoredAsync(harness, claimId)).Status);
        });
    }

    [Fact]
    public async Task ADM_06_Decisions_OnAnotherNamespacesClaims_AreNotFoundAndChangeNothing()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var (_, bobToken) = await harness.ControlPlane.RegisterOwnerAsync("bob");
            var bobKey = await harness.ControlPlane.CreateServiceAsync(bobToken, "bob", "mail", "mail.example.com");
            var bobPending = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity("bob"), bobKey, "mail");
            var bobApproved = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity("bob"), bobKey, "mail");
            await ClaimScenario.DecideAsync(harness, bobToken, bobApproved, "approve");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/pending");

            foreach (var (path, fields) in new[]
            {
                ($"/dashboard/pending/{bobPending}/approve", new[] { ("expiry", "1h") }),
                ($"/dashboard/pending/{bobPending}/reject", []),
                ($"/dashboard/claims/{bobApproved}/revoke", []),
            })
            {
                var response = await ClaimScenario.PostFormAsync(harness, page, path, fields);
                Assert.Equal((int)HttpStatusCode.NotFound, response.Status);
                Assert.Contains("DASHBOARD_NOT_FOUND", await response.TextAsync(), StringComparison.Ordinal);
            }
            Assert.Equal(ClaimStatus.Pending, (await ClaimScenario.StoredAsync(harness, bobPending)).Status);
            Assert.Equal(ClaimStatus.Approved, (await ClaimScenario.StoredAsync(harness, bobApproved)).Status);
            // Nor does alice's page show bob's request.
            await Expect(page.GetByText("No requests are waiting")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Events_WithoutSession_AreRefusedWith401()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(harness.BaseUrl) };
        using var response = await client.SendAsync(EventsRequest("sgb_not-a-session"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Events_AfterSignOut_EndWithoutSendingChanges()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            var session = (await harness.Context.CookiesAsync()).Single(c => c.Name == "sigilum_session").Value;
            using var client = new HttpClient { BaseAddress = new Uri(harness.BaseUrl) };
            using var response = await client.SendAsync(EventsRequest(session), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("retry: 5000", await reader.ReadLineAsync());

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");
            // The change wakes the stream, which finds the session gone and ends instead of telling.
            await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail");
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var rest = await reader.ReadToEndAsync(guard.Token);
            Assert.DoesNotContain("event: change", rest, StringComparison.Ordinal);
        });
    }

    private static HttpRequestMessage EventsRequest(string session)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/pending/events");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Cookie", "sigilum_session=" + session);
        return request;
    }
}
