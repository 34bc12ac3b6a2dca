using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Overview;

[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture browser)
{
    [Fact]
    public async Task SignIn_WithTheKeyboardOnly_Works()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await page.GotoAsync(await harness.NewSignInLinkAsync());
            // Tab from the top of the page: the skip link first, the home link, then the sign-in button; Enter presses it.
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sigilum", Exact = true })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
        });
    }

    [Fact]
    public async Task EveryPage_HasItsTitleAndCurrentSectionMarked()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            foreach (var (path, title, section) in new[]
            {
                ("/dashboard", "Overview", "Overview"), ("/dashboard/pending", "Pending", "Pending"), ("/dashboard/claims", "Claims", "Claims"),
                ("/dashboard/agents", "Agents", "Agents"), ("/dashboard/providers", "Providers", "Providers"),
                ("/dashboard/nodes", "Gateways & vaults", "Gateways & vaults"), ("/dashboard/activity", "Activity", "Activity"),
                ("/dashboard/audit", "Audit", "Audit"), ("/dashboard/webhooks", "Webhooks", "Webhooks"), ("/dashboard/api-keys", "API keys", "API keys"),
                ("/dashboard/settings", "Settings", "Settings"),
            })
            {
                await page.GotoAsync(path);
                await Expect(page).ToHaveTitleAsync(title + " · Sigilum");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
                await Expect(page.Locator("nav a[aria-current=page]")).ToHaveTextAsync(section);
            }
        });
    }

    [Fact]
    public async Task NarrowScreen_NavigationWrapsAndNothingOverflowsSideways()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await page.SetViewportSizeAsync(390, 844);
            await harness.SignInAsync();
            foreach (var path in new[] { "/dashboard", "/dashboard/pending", "/dashboard/activity", "/dashboard/settings" })
            {
                await page.GotoAsync(path);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow}px on a phone-sized screen");
                await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToBeInViewportAsync();
            }
        });
    }
}
