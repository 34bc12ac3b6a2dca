using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Providers;

/// <summary>Issue 17: the hold (ADR 0055) is set on the Add-provider form too, bounded as the gateway's API bounds it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProviderHoldTests(BrowserFixture browser)
{
    private const string HoldLabel = "Hold unapproved requests (seconds, 0–300)";

    [Fact]
    public async Task Add_WithHold_GatewayStoresItAndTheEditFormShowsIt()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await FillAsync(page, gateway, "30");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync();

            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Provider added.");
            using (var admin = gateway.AdminClient())
            {
                var connection = await admin.GetFromJsonAsync<JsonElement>("api/admin/connections/echo");
                Assert.Equal(30, connection.GetProperty("hold_seconds").GetInt32());
            }
            await page.GotoAsync($"/dashboard/providers/echo/edit?gateway={gateway.NodeId}");
            await Expect(page.GetByLabel(HoldLabel)).ToHaveValueAsync("30");
        });
    }

    [Fact]
    public async Task Add_HoldAboveTheBound_RefusedWithTheReasonAndNothingCreated()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await using var gateway = await DashboardGateway.StartAsync(harness);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await FillAsync(page, gateway, "301");
            var answer = await page.RunAndWaitForResponseAsync(
                () => page.GetByRole(AriaRole.Button, new() { Name = "Add provider" }).ClickAsync(), r => r.Request.Method == "POST");

            Assert.Equal(400, answer.Status);
            await Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("The hold must be a whole number of seconds (0–300).");
            // The typed value is kept for correction.
            await Expect(page.GetByLabel(HoldLabel)).ToHaveValueAsync("301");
            await page.GotoAsync("/dashboard/providers");
            await Expect(page.GetByText("No providers on this gateway yet")).ToBeVisibleAsync();
        });
    }

    private static async Task FillAsync(IPage page, DashboardGateway gateway, string hold)
    {
        await page.GotoAsync($"/dashboard/providers/new?gateway={gateway.NodeId}&template=custom");
        await page.GetByLabel("Provider id").FillAsync("echo");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Echo");
        await page.GetByLabel("Upstream base URL").FillAsync(gateway.UpstreamUri.ToString().TrimEnd('/'));
        await page.GetByLabel("API key").FillAsync("sk-hold-test-0123456789");
        await page.GetByLabel(HoldLabel).FillAsync(hold);
    }
}
