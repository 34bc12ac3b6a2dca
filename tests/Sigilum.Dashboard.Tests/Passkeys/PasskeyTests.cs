using System.Net.Http.Json;
using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Passkeys;

/// <summary>
/// Passkeys end to end in Chromium with a virtual authenticator (ADR 0056), on the store the suite runs on (SQLite,
/// or PostgreSQL with SIGILUM_TEST_STORE=postgres). The dashboard is opened at <c>http://localhost:&lt;port&gt;</c>:
/// that is the origin the control plane derives from its listener when no public URL is configured, and WebAuthn
/// does not accept an IP address as relying-party id.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Passkey_RegisterSignOutSignIn_SignsInWithIt()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var authenticator = await VirtualAuthenticator.AddAsync(harness.Context, page);
            await SignInWithLinkAsync(harness);
            await RegisterAsync(harness, "laptop");
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "laptop", Exact = true })).ToBeVisibleAsync();
            var credential = Assert.Single(await authenticator.CredentialsAsync());

            await SignOutAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();

            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are signed in.");
            await Expect(page.Locator(".who")).ToHaveTextAsync("alice");
            Assert.True((await authenticator.CredentialsAsync()).Single(c => c.CredentialId == credential.CredentialId).SignCount > credential.SignCount);
            await page.GotoAsync(Local(harness, "/dashboard/settings"));
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "laptop", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "never", Exact = true })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Passkey_RenameInSettings_ShowsNewName()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await VirtualAuthenticator.AddAsync(harness.Context, page);
            await SignInWithLinkAsync(harness);
            await RegisterAsync(harness, "laptop");
            await page.GetByLabel("New name for laptop").FillAsync("work laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Rename" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Passkey renamed.");
            await Expect(page.GetByLabel("New name for work laptop")).ToHaveValueAsync("work laptop");
        });
    }

    [Fact]
    public async Task Passkey_AssertionMadeOnAnotherOrigin_Refused()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await VirtualAuthenticator.AddAsync(harness.Context, page);
            await SignInWithLinkAsync(harness);
            await RegisterAsync(harness, "laptop");
            await SignOutAsync(page);

            // The dashboard's own page asks for a sign-in challenge (the ceremony cookie is set for this browser)...
            var options = await page.EvaluateAsync<string>("""
                async () => {
                  const form = document.querySelector("form[data-passkey]");
                  const body = new URLSearchParams();
                  for (const input of form.querySelectorAll("input[type=hidden]")) { if (input.name !== "response") body.append(input.name, input.value); }
                  return await (await fetch(form.dataset.options, { method: "POST", body })).text();
                }
                """);
            // ...and a page on another origin (another port of localhost, for which the relying-party id "localhost"
            // is valid, so the authenticator does sign) gets the passkey used on it.
            const string phishing = "http://localhost:38199/";
            await harness.Context.RouteAsync(phishing + "**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!DOCTYPE html><title>Look-alike</title>" }));
            await page.GotoAsync(phishing);
            var answer = await page.EvaluateAsync<string>(
                "async (o) => JSON.stringify((await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(o)) })).toJSON())", options);

            // The genuine assertion, made for the phishing origin, is posted to the dashboard: refused.
            await page.GotoAsync(Local(harness, "/dashboard/sign-in"));
            await page.EvaluateAsync("""
                (answer) => {
                  const form = document.querySelector("form[data-passkey]");
                  form.querySelector("input[name=response]").value = answer;
                  HTMLFormElement.prototype.submit.call(form);
                }
                """, answer);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("DASHBOARD_PASSKEY_ORIGIN_MISMATCH");
            Assert.DoesNotContain(await harness.Context.CookiesAsync(), c => c.Name == "sigilum_session");
        });
    }

    [Fact]
    public async Task Passkey_RemovedInSettings_Refused()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var authenticator = await VirtualAuthenticator.AddAsync(harness.Context, page);
            await SignInWithLinkAsync(harness);
            await RegisterAsync(harness, "laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove laptop" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Passkey removed. It no longer signs in.");
            await Expect(page.GetByText("No passkeys yet.")).ToBeVisibleAsync();
            await SignOutAsync(page);

            // The authenticator still holds the credential and offers it; the dashboard no longer knows it.
            Assert.Single(await authenticator.CredentialsAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("DASHBOARD_PASSKEY_UNKNOWN");
            Assert.DoesNotContain(await harness.Context.CookiesAsync(), c => c.Name == "sigilum_session");
        });
    }

    [Fact]
    public async Task Passkey_Required_LinkAndPasswordRefusedPasskeySignsIn()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await VirtualAuthenticator.AddAsync(harness.Context, page);
            await SignInWithLinkAsync(harness);
            await page.GotoAsync(Local(harness, "/dashboard/settings"));
            await page.GetByLabel("New password", new() { Exact = true }).FillAsync("correct horse battery");
            await page.GetByLabel("Repeat the new password").FillAsync("correct horse battery");
            await page.GetByRole(AriaRole.Button, new() { Name = "Set password" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set.");

            // Requiring a passkey without one is refused, so the switch cannot lock the owner out.
            await page.GetByRole(AriaRole.Button, new() { Name = "Require a passkey to sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert).First).ToHaveTextAsync("Add a passkey before you require one.");

            await RegisterAsync(harness, "laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Require a passkey to sign in" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("A passkey is now required");
            await SignOutAsync(page);

            await page.GotoAsync(Local(harness, await harness.NewSignInLinkAsync()));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("DASHBOARD_PASSKEY_REQUIRED");

            await page.GotoAsync(Local(harness, "/dashboard/sign-in"));
            await page.GetByLabel("Namespace").FillAsync("alice");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Password", Exact = true }).FillAsync("correct horse battery");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("DASHBOARD_PASSKEY_REQUIRED");
            Assert.DoesNotContain(await harness.Context.CookiesAsync(), c => c.Name == "sigilum_session");

            await page.GotoAsync(Local(harness, "/dashboard/sign-in"));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
            await SignOutAsync(page);

            // Recovery with the identity key (what `sigilum auth login --recover` asks for) lifts the requirement.
            var recovery = await harness.ControlPlane.PlainClient(harness.OwnerToken).PostAsync("v1/auth/sign-in-links?recovery=true", null);
            var link = (await recovery.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!;
            await page.GotoAsync(Local(harness, link));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of alice" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Overview · Sigilum");
        });
    }

    /// <summary>The same address under the name <c>localhost</c> (the dashboard's passkey origin).</summary>
    private static string Local(DashboardHarness harness, string pathOrUrl)
    {
        var local = harness.BaseUrl.Replace("://127.0.0.1:", "://localhost:", StringComparison.Ordinal);
        return pathOrUrl.StartsWith("http", StringComparison.Ordinal)
            ? pathOrUrl.Replace(harness.BaseUrl, local, StringComparison.Ordinal)
            : local + pathOrUrl;
    }

    private static async Task SignInWithLinkAsync(DashboardHarness harness)
    {
        await harness.Page.GotoAsync(Local(harness, await harness.NewSignInLinkAsync()));
        await harness.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of " + harness.Namespace }).ClickAsync();
        await Expect(harness.Page).ToHaveTitleAsync("Overview · Sigilum");
    }

    private static async Task RegisterAsync(DashboardHarness harness, string name)
    {
        var page = harness.Page;
        await page.GotoAsync(Local(harness, "/dashboard/settings"));
        await page.GetByLabel("Name of the new passkey").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Passkey added. You can now sign in with it.");
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveTitleAsync("Sign in · Sigilum");
    }
}
