using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sigilum.Dashboard.Browser;
using Sigilum.Dashboard.Claims;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Agents;

[Collection(BrowserCollection.Name)]
public sealed class AgentsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AgentsPage_ListsTheAgentWithItsServices_AndLinksToItsClaims()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var (writer, _) = await ClaimScenario.SeedTwoAgentsAsync(harness);

            await page.GotoAsync("/dashboard/agents");
            var row = page.Locator($"tr[data-agent-key='{writer.AgentKeyHeader}']");
            await Expect(row.GetByRole(AriaRole.Cell).First).ToHaveTextAsync("writer-bot");
            await Expect(row).ToContainTextAsync(writer.KeyId);
            await Expect(row.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["docs pending", "mail approved"]);
            await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);

            await row.GetByRole(AriaRole.Link, new() { Name = "Claims of writer-bot" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/dashboard/claims\\?agent=ed25519%3A"));
            await Expect(page.Locator("tbody tr")).ToHaveCountAsync(2);
            await Expect(page.Locator("tbody")).Not.ToContainTextAsync("reader-bot");
        });
    }
}
