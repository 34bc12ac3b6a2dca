using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Settings;

[Collection(BrowserCollection.Name)]
public sealed class SettingsPageTests(BrowserFixture browser)
{
    private const string Password = "a long enough passphrase";

    [Fact]
    public async Task Password_SetThenSignInWithIt_Works_AndWrongPasswordIsRefused()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/settings");
            await Expect(page).ToHaveTitleAsync("Settings · Sigilum");
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync(Password);
            await page.GetByLabel("Repeat the new password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set.");

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.GetByLabel("Namespace").FillAsync("alice");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not the password at all");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(page.GetByText("The namespace or password is wrong")).ToBeVisibleAsync();

            await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
        });
    }

    [Fact]
    public async Task Password_TooShortOrMismatched_IsRefusedWithTheReason()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/settings");
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync(Password);
            await page.GetByLabel("Repeat the new password").FillAsync(Password + "x");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The two passwords do not match.");
            await Expect(page.GetByText("No password is set")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task ADM_05_PasswordChange_SignsOutTheOwnersOtherBrowserSessions()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            // Another browser signed in as the same owner (say, a laptop left open elsewhere).
            await using var elsewhere = await harness.Context.Browser!.NewContextAsync(new() { BaseURL = harness.BaseUrl });
            var other = await elsewhere.NewPageAsync();
            await other.GotoAsync(await harness.NewSignInLinkAsync());
            await other.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(other).ToHaveTitleAsync("Overview · Sigilum");

            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/settings");
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync(Password);
            await page.GetByLabel("Repeat the new password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your other browser sessions were signed out.");

            // This session goes on; the other one is over.
            await page.GotoAsync("/dashboard");
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
            await other.GotoAsync("/dashboard");
            await Expect(other).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dashboard/sign-in\\?expired=1$"));
        });
    }
}
