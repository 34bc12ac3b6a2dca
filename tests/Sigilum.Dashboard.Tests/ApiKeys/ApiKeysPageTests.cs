using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.ApiKeys;

[Collection(BrowserCollection.Name)]
public sealed partial class ApiKeysPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task ApiKeys_NoService_ShowsEmptyStateAndAddForm()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");

            await Expect(page).ToHaveTitleAsync("API keys · Sigilum");
            await Expect(page.GetByText("No service yet")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add service" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task CreateServiceAndKey_RawKeyShownOnceNeverInAUrlAndWorks()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var urls = new List<string>();
            page.Request += (_, request) => urls.Add(request.Url);
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");
            await page.GetByLabel("Slug").FillAsync("openai");
            await page.GetByLabel("Display name").FillAsync("OpenAI");
            await page.GetByLabel("Upstream hosts").FillAsync("api.openai.com");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Service added. Create an API key for it below.");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "OpenAI openai" })).ToBeVisibleAsync();

            await page.GetByLabel("Key name").FillAsync("ci");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create an API key for openai" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("API key created · Sigilum");
            var raw = await page.GetByLabel("API key", new() { Exact = true }).InputValueAsync();
            Assert.Matches(SkLive(), raw);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("shown only once");

            // Reload and back load the list (a GET): no second key is made and the raw key is not on the page.
            await page.ReloadAsync();
            await Expect(page).ToHaveTitleAsync("API keys · Sigilum");
            Assert.DoesNotContain(raw, await page.ContentAsync(), StringComparison.Ordinal);
            await page.GoBackAsync();
            await Expect(page).ToHaveTitleAsync("API keys · Sigilum");
            Assert.DoesNotContain(raw, await page.ContentAsync(), StringComparison.Ordinal);
            await page.GoForwardAsync();
            await Expect(page).ToHaveTitleAsync("API keys · Sigilum");
            Assert.DoesNotContain(raw, await page.ContentAsync(), StringComparison.Ordinal);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ci" })).ToHaveCountAsync(1);
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ci" })).ToContainTextAsync("sk_live_…" + raw[^4..]);

            var service = await harness.ControlPlane.Host.Store.Services.GetAsync("alice", "openai");
            Assert.Equal(["api.openai.com"], service!.UpstreamHosts);
            Assert.Single(await harness.ControlPlane.Host.Store.Services.ListKeysAsync(service.Id));
            Assert.DoesNotContain(urls, u => u.Contains(raw, StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.OK, await FeedStatusAsync(harness, raw));
        });
    }

    [Fact]
    public async Task RevokeKey_Confirmed_KeyStopsWorking()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var raw = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai", "api.openai.com");
            Assert.Equal(HttpStatusCode.OK, await FeedStatusAsync(harness, raw));
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");
            string? question = null;
            page.Dialog += (_, dialog) =>
            {
                question = dialog.Message;
                _ = dialog.AcceptAsync();
            };

            await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key test of openai" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("API key revoked.");
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "test" })).ToContainTextAsync("revoked");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke key test of openai" })).ToHaveCountAsync(0);
            Assert.StartsWith("Revoke the key test", question, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, await FeedStatusAsync(harness, raw));
        });
    }

    [Fact]
    public async Task RevokeKey_ConfirmDismissed_KeyKeepsWorking()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var raw = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");
            var asked = new TaskCompletionSource();
            page.Dialog += (_, dialog) =>
            {
                _ = dialog.DismissAsync();
                asked.TrySetResult();
            };

            await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key test of openai" }).ClickAsync();
            await asked.Task.WaitAsync(TimeSpan.FromSeconds(15));

            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "test" })).ToContainTextAsync("active");
            Assert.Equal(HttpStatusCode.OK, await FeedStatusAsync(harness, raw));
        });
    }

    [Fact]
    public async Task CreateService_InvalidUpstreamHost_RefusedWithTheApiRuleAndNothingCreated()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");
            await page.GetByLabel("Slug").FillAsync("openai");
            await page.GetByLabel("Upstream hosts").FillAsync("https://api.openai.com/v1");

            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync(),
                r => r.Request.Method == "POST");

            Assert.Equal(400, response.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'https://api.openai.com/v1' is not a host name");
            await Expect(page.GetByLabel("Slug")).ToHaveValueAsync("openai");
            Assert.Empty(await harness.ControlPlane.Host.Store.Services.ListAsync("alice"));
        });
    }

    [Fact]
    public async Task CreateService_SlugTaken_Refused()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");
            await page.GetByLabel("Slug").FillAsync("openai");

            await page.GetByRole(AriaRole.Button, new() { Name = "Add service" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A service with slug openai already exists in alice.");
            Assert.Single(await harness.ControlPlane.Host.Store.Services.ListAsync("alice"));
        });
    }

    [Fact]
    public async Task CreateKey_AnotherNamespacesService_404AndNoKeyMade()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var store = harness.ControlPlane.Host.Store;
            var (_, bobToken) = await harness.ControlPlane.RegisterOwnerAsync("bob");
            await harness.ControlPlane.CreateServiceAsync(bobToken, "bob", "mail");
            var bobs = (await store.Services.GetAsync("bob", "mail"))!;
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");

            // alice's own form, pointed at bob's service: a real post with alice's valid antiforgery token.
            var form = page.Locator("form[action$='/keys']");
            await form.EvaluateAsync("(f, a) => f.setAttribute('action', a)", $"/dashboard/api-keys/{bobs.Id}/keys");
            var response = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Create an API key for openai" }).ClickAsync(),
                r => r.Request.Method == "POST");

            Assert.Equal(404, response.Status);
            await Expect(page.GetByText("DASHBOARD_NOT_FOUND")).ToBeVisibleAsync();
            Assert.Single(await store.Services.ListKeysAsync(bobs.Id));
        });
    }

    [Fact]
    public async Task RevokeKey_AnotherNamespacesKey_404AndKeyKeepsWorking()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var store = harness.ControlPlane.Host.Store;
            var (bob, bobToken) = await harness.ControlPlane.RegisterOwnerAsync("bob");
            var bobKey = await harness.ControlPlane.CreateServiceAsync(bobToken, "bob", "mail");
            var bobs = (await store.Services.GetAsync("bob", "mail"))!;
            var bobKeyId = (await store.Services.ListKeysAsync(bobs.Id)).Single().Id;
            await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, "alice", "openai");
            var alices = (await store.Services.GetAsync("alice", "openai"))!;
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/api-keys");
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            var form = page.Locator("form[action$='/revoke']");

            // Bob's key under bob's service, then bob's key under alice's own service: both not found.
            foreach (var action in new[] { $"/dashboard/api-keys/{bobs.Id}/keys/{bobKeyId}/revoke", $"/dashboard/api-keys/{alices.Id}/keys/{bobKeyId}/revoke" })
            {
                await page.GotoAsync("/dashboard/api-keys");
                await form.EvaluateAsync("(f, a) => f.setAttribute('action', a)", action);
                var response = await page.RunAndWaitForResponseAsync(
                    () => page.GetByRole(AriaRole.Button, new() { Name = "Revoke key test of openai" }).ClickAsync(),
                    r => r.Request.Method == "POST");
                Assert.Equal(404, response.Status);
                await Expect(page.GetByText("DASHBOARD_NOT_FOUND")).ToBeVisibleAsync();
            }

            Assert.Null((await store.Services.ListKeysAsync(bobs.Id)).Single().RevokedAt);
            Assert.Equal(HttpStatusCode.OK, await FeedStatusAsync(harness, bobKey, bob));
        });
    }

    /// <summary>What the approved-claims feed answers to a service key, signed by an identity of the key's namespace.</summary>
    private static async Task<HttpStatusCode> FeedStatusAsync(DashboardHarness harness, string serviceKey, Protocol.Signatures.SigningIdentity? signer = null)
    {
        var client = harness.ControlPlane.SignedClient(signer ?? harness.ControlPlane.NewIdentity(harness.Namespace));
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/namespaces/claims");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [GeneratedRegex("^sk_live_[A-Za-z0-9_-]{20,}$")]
    private static partial Regex SkLive();
}
