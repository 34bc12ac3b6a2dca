using Microsoft.Playwright;
using Sigilum.Core.Webhooks;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Webhooks;

/// <summary>The webhooks page with the SSRF guard on (the production default) and the dispatcher off (nothing is sent).</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebhooksPageTests(BrowserFixture browser)
{
    // A public address literal: passes the address policy without DNS; nothing is sent (dispatcher off).
    private const string PublicUrl = "https://93.184.215.14/hooks/sigilum";
    private const string Secret = "canary-webhook-secret-7f3a9c";

    private Task<DashboardHarness> StartAsync() => DashboardHarness.StartAsync(browser, configure: o => o.Webhooks.DispatcherEnabled = false);

    [Fact]
    public async Task Webhooks_NoService_ShowsEmptyState()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");

            await Expect(page).ToHaveTitleAsync("Webhooks · Sigilum");
            await Expect(page.GetByText("No service yet")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Add a service" })).ToHaveAttributeAsync("href", "/dashboard/api-keys");
        });
    }

    [Fact]
    public async Task AddWebhook_PublicUrl_ListedWithoutItsSecret()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");
            await Expect(page.GetByText("No webhook for openai yet.")).ToBeVisibleAsync();

            await page.GetByLabel("URL").FillAsync(PublicUrl);
            await page.GetByLabel("Signing secret").FillAsync(Secret);
            await page.GetByLabel("request.submitted").UncheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Webhook added.");
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = PublicUrl }).First;
            await Expect(row).ToContainTextAsync("request.approved, request.rejected, request.revoked, request.expired");
            await Expect(row).ToContainTextAsync("active");
            await Expect(page.GetByText("No delivery yet.")).ToBeVisibleAsync();
            Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
            var webhook = Assert.Single(await harness.ControlPlane.Host.Store.Webhooks.ListAsync("alice", null));
            Assert.Equal(PublicUrl, webhook.Url);
            Assert.DoesNotContain("request.submitted", webhook.Events);
        });
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::1]/hook")]
    public async Task AddWebhook_PrivateAddress_RefusedWithThePolicysMessage(string url)
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");
            await page.GetByLabel("URL").FillAsync(url);
            await page.GetByLabel("Signing secret").FillAsync(Secret);

            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync(),
                r => r.Request.Method == "POST");

            Assert.Equal(400, response.Status);
            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("The URL's host is a loopback, private, link-local or otherwise non-public address.");
            await Expect(alert).ToContainTextAsync("WEBHOOK_TARGET_NOT_ALLOWED");
            await Expect(page.GetByLabel("URL")).ToHaveValueAsync(url);
            await Expect(page.GetByLabel("Signing secret")).ToHaveValueAsync(string.Empty);
            Assert.DoesNotContain(Secret, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.Empty(await harness.ControlPlane.Host.Store.Webhooks.ListAsync("alice", null));
        });
    }

    [Fact]
    public async Task AddWebhook_SecretTooShort_Refused()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");
            await page.GetByLabel("URL").FillAsync(PublicUrl);
            await page.GetByLabel("Signing secret").FillAsync("fifteen-chars!!");
            // Past the browser's own minlength check, so the server's rule is what refuses it.
            await page.Locator("form[action^='/dashboard/webhooks/']").EvaluateAsync("f => f.noValidate = true");

            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync(),
                r => r.Request.Method == "POST");

            Assert.Equal(400, response.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("secret must be 16-256 characters.");
            Assert.Empty(await harness.ControlPlane.Host.Store.Webhooks.ListAsync("alice", null));
        });
    }

    [Fact]
    public async Task AddWebhook_NoEventChecked_Refused()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");
            await page.GetByLabel("URL").FillAsync(PublicUrl);
            await page.GetByLabel("Signing secret").FillAsync(Secret);
            foreach (var box in await page.GetByRole(AriaRole.Checkbox).AllAsync())
            {
                await box.UncheckAsync();
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("events must be a non-empty subset of");
            Assert.Empty(await harness.ControlPlane.Host.Store.Webhooks.ListAsync("alice", null));
        });
    }

    [Fact]
    public async Task AddWebhook_ServiceAtTheLimit_RefusedWithTheApiLimit()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            var owner = harness.ControlPlane.PlainClient(harness.OwnerToken);
            for (var i = 0; i < 5; i++)
            {
                var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(owner, "v1/namespaces/alice/services/openai/webhooks", new { url = PublicUrl + i });
                created.EnsureSuccessStatusCode();
            }
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");
            await page.GetByLabel("URL").FillAsync(PublicUrl);
            await page.GetByLabel("Signing secret").FillAsync(Secret);

            await page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("A service has at most 5 active webhooks; delete one first.");
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("WEBHOOK_LIMIT_REACHED");
            Assert.Equal(5, (await harness.ControlPlane.Host.Store.Webhooks.ListAsync("alice", null)).Count);
        });
    }

    [Fact]
    public async Task RemoveWebhook_Confirmed_GoneAndDeliveriesShownBefore()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            var store = harness.ControlPlane.Host.Store;
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            var webhook = await AddByApiAsync(harness, "alice", "openai", harness.OwnerToken);
            var now = TimeProvider.System.GetUtcNow();
            await store.Webhooks.EnqueueAsync([
                new WebhookDelivery { Id = "whd_failed", WebhookId = webhook.Id, Event = "request.approved", Body = "{}", Attempt = 3, FirstAttemptAt = now.AddMinutes(-5), NextAttemptAt = now.AddHours(1), Status = WebhookDeliveryStatus.Pending, LastStatusCode = 503 },
            ]);
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/webhooks");
            var deliveries = page.GetByRole(AriaRole.Table, new() { Name = "Recent deliveries to " + PublicUrl });
            await Expect(deliveries).ToContainTextAsync("request.approved");
            await Expect(deliveries).ToContainTextAsync("pending");
            await Expect(deliveries).ToContainTextAsync("503");

            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove webhook " + PublicUrl }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Webhook removed.");
            await Expect(page.GetByText("No webhook for openai yet.")).ToBeVisibleAsync();
            Assert.Empty(await store.Webhooks.ListAsync("alice", null));
        });
    }

    [Fact]
    public async Task AddAndRemove_AnotherNamespacesIds_404AndNothingChanged()
    {
        await using var harness = await StartAsync();
        await harness.RunAsync(async page =>
        {
            var store = harness.ControlPlane.Host.Store;
            var (_, bobToken) = await harness.ControlPlane.RegisterOwnerAsync("bob");
            await harness.ControlPlane.CreateServiceAsync(bobToken, "bob", "mail");
            var bobsService = (await store.Services.GetAsync("bob", "mail"))!;
            var bobsWebhook = await AddByApiAsync(harness, "bob", "mail", bobToken);
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            var alicesService = (await store.Services.GetAsync("alice", "openai"))!;
            var alicesWebhook = await AddByApiAsync(harness, "alice", "openai", harness.OwnerToken);
            await harness.SignInAsync();
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();

            // Add to bob's service through alice's own form.
            await page.GotoAsync("/dashboard/webhooks");
            await page.GetByLabel("URL").FillAsync("https://93.184.215.15/other");
            await page.GetByLabel("Signing secret").FillAsync(Secret);
            await page.Locator($"form[action='/dashboard/webhooks/{alicesService.Id}']").EvaluateAsync("(f, a) => f.setAttribute('action', a)", $"/dashboard/webhooks/{bobsService.Id}");
            var added = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Add webhook" }).ClickAsync(), r => r.Request.Method == "POST");
            Assert.Equal(404, added.Status);
            await Expect(page.GetByText("DASHBOARD_NOT_FOUND")).ToBeVisibleAsync();

            // Remove bob's webhook, named under bob's service and under alice's own.
            foreach (var action in new[] { $"/dashboard/webhooks/{bobsService.Id}/{bobsWebhook.Id}/remove", $"/dashboard/webhooks/{alicesService.Id}/{bobsWebhook.Id}/remove" })
            {
                await page.GotoAsync("/dashboard/webhooks");
                await page.Locator("form[action$='/remove']").EvaluateAsync("(f, a) => f.setAttribute('action', a)", action);
                var removed = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Remove webhook " + PublicUrl }).ClickAsync(), r => r.Request.Method == "POST");
                Assert.Equal(404, removed.Status);
                await Expect(page.GetByText("DASHBOARD_NOT_FOUND")).ToBeVisibleAsync();
            }

            Assert.Equal([bobsWebhook.Id], (await store.Webhooks.ListAsync("bob", null)).Select(w => w.Id));
            Assert.Equal([alicesWebhook.Id], (await store.Webhooks.ListAsync("alice", null)).Select(w => w.Id));
        });
    }

    private static async Task<WebhookRecord> AddByApiAsync(DashboardHarness harness, string ns, string slug, string token)
    {
        var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(
            harness.ControlPlane.PlainClient(token), $"v1/namespaces/{ns}/services/{slug}/webhooks", new { url = PublicUrl, secret = Secret });
        response.EnsureSuccessStatusCode();
        return (await harness.ControlPlane.Host.Store.Webhooks.ListAsync(ns, null)).Single(w => w.Url == PublicUrl);
    }
}
