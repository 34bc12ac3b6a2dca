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
}
