using System.Net;
using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using Sigilum.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.SignIn;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignIn_WithOneTimeLink_ShowsOverviewForTheNamespace()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await page.GotoAsync(await harness.NewSignInLinkAsync());
            await Expect(page).ToHaveTitleAsync("Sign in · Sigilum");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();

            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed in.");
            await Expect(page.Locator(".who")).ToHaveTextAsync("alice");
            await Expect(page.GetByText("No gateway or vault is paired yet")).ToBeVisibleAsync();
            var cookie = (await harness.Context.CookiesAsync()).Single(c => c.Name == "sigilum_session");
            Assert.True(cookie.HttpOnly);
            Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        });
    }

    [Fact]
    public async Task SignIn_LinkOpenedOnly_IsNotUsedUp()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var link = await harness.NewSignInLinkAsync();
            // A link previewer fetching the URL must not burn it: only the confirm post consumes it.
            using (var previewer = new HttpClient())
            {
                Assert.Equal(HttpStatusCode.OK, (await previewer.GetAsync(link)).StatusCode);
            }
            await page.GotoAsync(link);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
        });
    }

    [Fact]
    public async Task SignIn_ReplayedLink_IsRefused()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var link = await harness.NewSignInLinkAsync();
            await page.GotoAsync(link);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");

            // The same link again, in a browser without the session: refused, no new session.
            var other = await harness.Context.Browser!.NewContextAsync(new() { BaseURL = harness.BaseUrl });
            var stranger = await other.NewPageAsync();
            var response = await stranger.GotoAsync(link);
            Assert.Equal(410, response!.Status);
            await Expect(stranger.GetByText("DASHBOARD_LINK_INVALID")).ToBeVisibleAsync();
            Assert.DoesNotContain(await other.CookiesAsync(), c => c.Name == "sigilum_session");
            await other.DisposeAsync();
        });
    }

    [Fact]
    public async Task SignIn_ConfirmFormReplayedAfterUse_IsRefused()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await page.GotoAsync(await harness.NewSignInLinkAsync());
            // Two tabs holding the same confirm form: the first post wins, the second is refused.
            var second = await harness.Context.NewPageAsync();
            await second.GotoAsync(page.Url);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");

            await second.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(second.GetByText("DASHBOARD_LINK_INVALID")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Pages_WithoutSession_RedirectToSignIn()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await page.GotoAsync("/dashboard/settings");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/sign-in$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in with a link" })).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task ExpiredSession_IsRefusedAndSaysSo()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var harness = await DashboardHarness.StartAsync(browser, time);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            time.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));

            await page.GotoAsync("/dashboard");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/sign-in\\?expired=1$"));
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your session has expired. Sign in again.");
        });
    }

    [Fact]
    public async Task SignOut_EndsTheSessionOnTheServer()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var session = (await harness.Context.CookiesAsync()).Single(c => c.Name == "sigilum_session");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed out.");

            // The old cookie, replayed by hand, no longer works: sign-out revoked it server-side.
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(harness.BaseUrl) };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard");
            request.Headers.Add("Cookie", "sigilum_session=" + session.Value);
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/dashboard/sign-in?expired=1", response.Headers.Location!.OriginalString);
        });
    }
}
