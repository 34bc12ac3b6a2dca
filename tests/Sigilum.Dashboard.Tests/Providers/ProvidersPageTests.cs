using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Sigilum.ControlPlane;
using Sigilum.Dashboard.Browser;
using Sigilum.Gateway.Connections;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Providers;

[Collection(BrowserCollection.Name)]
public sealed class ProvidersPageTests(BrowserFixture browser)
{
    private const string Secret = "sk-dashboard-PLAINTEXT-4f1c9a7e2b";
    private const string Rotated = "sk-dashboard-ROTATED-88d0c2e1a9";

    [Fact]
    public async Task NoGatewayConnected_ShowsHowToConnectOne()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/providers");
            await Expect(page).ToHaveTitleAsync("Providers · Sigilum");
            await Expect(page.GetByText("No gateway is connected")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task AddProvider_SecretSealedInBrowser_GatewayUsesIt_ControlPlaneNeverSeesPlaintext()
    {
        var logs = new CapturedLogs();
        await using var harness = await DashboardHarness.StartAsync(browser, logs: logs);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        var posted = new List<string>();
        harness.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.PostData is { } data)
            {
                posted.Add(data);
            }
        };
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/providers");
            await Expect(page.GetByText("No providers on this gateway yet")).ToBeVisibleAsync();
            await page.GetByLabel("Add from the catalogue").SelectOptionAsync("custom");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

            await Expect(page).ToHaveTitleAsync("Add a provider · Sigilum");
            await page.GetByLabel("Provider id").FillAsync("echo");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Echo API");
            await page.GetByLabel("Upstream base URL").FillAsync(gateway.UpstreamUri.ToString().TrimEnd('/'));
            await page.GetByLabel("API key").FillAsync(Secret);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");
            var row = page.Locator("tr[data-provider=echo]");
            await Expect(row).ToContainTextAsync("Echo API");
            await Expect(row).ToContainTextAsync("version 1");

            // The gateway can use it: its connection test reaches the upstream with the secret.
            await row.GetByRole(AriaRole.Button, new() { Name = "Test Echo API" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test of echo:");
            Assert.Contains("Bearer " + Secret, gateway.UpstreamAuthorizations);
        });

        // The browser sent only a sealed envelope, and the control plane kept nothing readable.
        Assert.NotEmpty(posted);
        Assert.DoesNotContain(posted, p => p.Contains(Secret, StringComparison.Ordinal));
        Assert.Contains(posted, p => p.Contains("sealed%3Aapi_key", StringComparison.Ordinal));
        Assert.False(await TestStore.DatabaseContainsAsync(harness.ControlPlane.DirectoryPath, Encoding.UTF8.GetBytes(Secret)));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(Secret, logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateAndDelete_GoThroughTheRelay()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await AddAsync(page, gateway, "openai-test", Secret);

            var row = page.Locator("tr[data-provider=openai-test]");
            await row.GetByRole(AriaRole.Link, new() { Name = "Rotate openai-test" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Rotate openai-test · Sigilum");
            await page.GetByLabel("api_key").FillAsync(Rotated);
            await page.GetByLabel("Reason (optional)").FillAsync("quarterly");
            await page.GetByRole(AriaRole.Button, new() { Name = "Rotate secret" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Secret rotated.");
            await Expect(row).ToContainTextAsync("version 2");

            await row.GetByRole(AriaRole.Button, new() { Name = "Test openai-test" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Test of openai-test:");
            Assert.Contains("Bearer " + Rotated, gateway.UpstreamAuthorizations);

            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await row.GetByRole(AriaRole.Button, new() { Name = "Delete openai-test" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider deleted.");
            await Expect(page.GetByText("No providers on this gateway yet")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task AddFromCatalogue_PrefillsTheTemplate()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/providers");
            await page.GetByLabel("Add from the catalogue").SelectOptionAsync("openai");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
            await Expect(page.GetByLabel("Upstream base URL")).ToHaveValueAsync("https://api.openai.com");
            await Expect(page.GetByLabel("Provider id")).ToHaveValueAsync("sigilum-secure-openai");
            await Expect(page.GetByText("Create one at platform.openai.com/api-keys.")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task FormPostedWithoutSealing_IsRefusedAndNothingIsCreated()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync($"/dashboard/providers/new?gateway={gateway.NodeId}&template=custom");
            // As if the sealing script never ran: the plaintext input has no name, so the sealed field is empty.
            await page.EvaluateAsync("() => { const f = document.querySelector('form[data-seal-to]'); delete f.dataset.sealTo; }");
            await page.GetByLabel("Provider id").FillAsync("echo");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Echo");
            await page.GetByLabel("Upstream base URL").FillAsync(gateway.UpstreamUri.ToString().TrimEnd('/'));
            await page.GetByLabel("API key").FillAsync(Secret);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("The secret was not encrypted");
            await page.GotoAsync("/dashboard/providers");
            await Expect(page.GetByText("No providers on this gateway yet")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task AnotherNamespacesGateway_CannotBeAdministered()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await AddAsync(page, gateway, "echo", Secret);

            // mallory owns another namespace on the same control plane and names alice's gateway.
            var (_, malloryToken) = await harness.ControlPlane.RegisterOwnerAsync("mallory");
            var link = await harness.ControlPlane.PlainClient(malloryToken).PostAsync("v1/auth/sign-in-links", null);
            var url = (await link.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("url").GetString()!;
            await using var mallory = await harness.Context.Browser!.NewContextAsync(new() { BaseURL = harness.BaseUrl });
            var malloryPage = await mallory.NewPageAsync();
            await malloryPage.GotoAsync(url);
            await malloryPage.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of mallory" }).ClickAsync();
            await malloryPage.GotoAsync($"/dashboard/providers?gateway={gateway.NodeId}");
            await Expect(malloryPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("No gateway of this namespace holds a relay stream");
            await Expect(malloryPage.Locator("tr[data-provider=echo]")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Variables_SetSealedListedWithoutValueAndDeleted()
    {
        const string Value = "variable-PLAINTEXT-6a1d";
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/providers");
            await page.GetByRole(AriaRole.Link, new() { Name = "Credential variables" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Credential variables · Sigilum");
            await Expect(page.GetByText("No variables on this gateway")).ToBeVisibleAsync();

            await page.GetByLabel("Key").FillAsync("TEAM_TOKEN");
            await page.GetByLabel("Value").FillAsync(Value);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save variable" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Variable saved.");
            await Expect(page.Locator("tr[data-variable=TEAM_TOKEN]")).ToContainTextAsync("dashboard:alice");
            Assert.DoesNotContain(Value, await page.ContentAsync(), StringComparison.Ordinal);

            // The gateway holds it (listed by its own admin API); the control plane never did.
            using (var admin = gateway.AdminClient())
            {
                Assert.Contains("TEAM_TOKEN", await admin.GetStringAsync("api/admin/credential-variables"), StringComparison.Ordinal);
            }
            Assert.False(await TestStore.DatabaseContainsAsync(harness.ControlPlane.DirectoryPath, Encoding.UTF8.GetBytes(Value)));

            page.Dialog += (_, dialog) => dialog.AcceptAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete TEAM_TOKEN" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Variable deleted.");
            await Expect(page.GetByText("No variables on this gateway")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Edit_DisablesTheProviderOnTheGateway()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await AddAsync(page, gateway, "echo", Secret);
            await page.GetByRole(AriaRole.Link, new() { Name = "Edit echo" }).ClickAsync();
            await Expect(page).ToHaveTitleAsync("Edit echo · Sigilum");
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Echo (paused)");
            await page.GetByLabel("Status").SelectOptionAsync("disabled");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider updated.");
            var row = page.Locator("tr[data-provider=echo]");
            await Expect(row).ToContainTextAsync("Echo (paused)");
            await Expect(row).ToContainTextAsync("disabled");
            using var admin = gateway.AdminClient();
            Assert.Contains("\"status\":\"disabled\"", await admin.GetStringAsync("api/admin/connections/echo"), StringComparison.Ordinal);
        });
    }

    private static async Task AddAsync(IPage page, DashboardGateway gateway, string id, string secret)
    {
        await page.GotoAsync($"/dashboard/providers/new?gateway={gateway.NodeId}&template=custom");
        await page.GetByLabel("Provider id").FillAsync(id);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(id);
        await page.GetByLabel("Upstream base URL").FillAsync(gateway.UpstreamUri.ToString().TrimEnd('/'));
        await page.GetByLabel("API key").FillAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");
    }
}
