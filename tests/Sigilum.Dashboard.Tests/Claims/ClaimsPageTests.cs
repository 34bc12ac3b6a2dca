using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sigilum.Core.Claims;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Claims;

[Collection(BrowserCollection.Name)]
public sealed partial class ClaimsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task Revoke_ApprovedClaim_AsksThenRevokesInTheStore()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            var claimId = await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail", "writer-bot");
            await ClaimScenario.DecideAsync(harness, harness.OwnerToken, claimId, "approve", new { expires_in_seconds = 3600 });
            string? question = null;
            page.Dialog += async (_, dialog) =>
            {
                question = dialog.Message;
                await dialog.AcceptAsync();
            };
            await page.GotoAsync("/dashboard/claims?status=approved");
            var row = page.Locator($"tr[data-claim-id='{claimId}']");
            await Expect(row.GetByText("approved", new() { Exact = true })).ToBeVisibleAsync();

            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke writer-bot for mail" }).ClickAsync();

            // ADR 0027: no gateway follows this harness's namespace, so none confirmed it, and the page says so.
            await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(
                "Revoked. No gateway follows this namespace's stream right now, so none confirmed it; a gateway applies it when it " +
                "reconnects, and refuses everything while its approvals are stale.");
            await Expect(page).ToHaveURLAsync(DoneRevoked());
            Assert.Equal("Revoke writer-bot's access to mail? Its next request is refused.", question);
            var stored = await ClaimScenario.StoredAsync(harness, claimId);
            Assert.Equal(ClaimStatus.Revoked, stored.Status);
            Assert.NotNull(stored.RevokedAt);
            // Back on the same filtered view, where the claim no longer belongs.
            await Expect(page.GetByText("No claims match these filters")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Filters_ByStatusServiceAndAgent_NarrowTheList()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var (_, writerMail) = await ClaimScenario.SeedTwoAgentsAsync(harness);
            var rows = page.Locator("tbody tr");

            await page.GotoAsync("/dashboard/claims");
            await Expect(page).ToHaveTitleAsync("Claims · Sigilum");
            await Expect(rows).ToHaveCountAsync(3);

            await page.GetByLabel("Status").SelectOptionAsync("pending");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("status=pending"));
            await Expect(rows).ToHaveCountAsync(2);

            await page.GetByLabel("Status").SelectOptionAsync(string.Empty);
            await page.GetByLabel("Service").SelectOptionAsync("mail");
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Filter(new() { HasText = "docs" })).ToHaveCountAsync(0);

            // Agent text matches names case-insensitively, combined with the other filters.
            await page.GotoAsync("/dashboard/claims?agent=WRITER");
            await Expect(rows).ToHaveCountAsync(2);
            await page.GotoAsync("/dashboard/claims?agent=writer&status=approved&service=mail");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(page.Locator($"tr[data-claim-id='{writerMail}']")).ToBeVisibleAsync();

            var refused = await page.GotoAsync("/dashboard/claims?status=bogus");
            Assert.Equal(400, refused!.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Status must be pending, approved, rejected, revoked or expired.");
        });
    }

    [Fact]
    public async Task Paging_MoreThanFiftyClaims_ShowsTheRestOnTheNextPage()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            var serviceKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
            for (var i = 1; i <= 51; i++)
            {
                await ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), serviceKey, "mail", $"bot-{i:00}");
            }
            var rows = page.Locator("tbody tr");

            await page.GotoAsync("/dashboard/claims");
            await Expect(page.GetByText("Showing 1–50 of 51")).ToBeVisibleAsync();
            await Expect(rows).ToHaveCountAsync(50);

            // Free-text agent filter pages too, and the page links keep the filter.
            await page.GotoAsync("/dashboard/claims?agent=bot-");
            await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"\?agent=bot-&page=2$"));
            await Expect(page.GetByText("Showing 51–51 of 51")).ToBeVisibleAsync();
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToHaveCountAsync(0);
            await page.GetByRole(AriaRole.Link, new() { Name = "Previous page" }).ClickAsync();
            await Expect(rows).ToHaveCountAsync(50);
        });
    }

    [Fact]
    public async Task ClaimsAndAgents_WithNothingFiled_ShowEmptyStates()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync("/dashboard/claims");
            await Expect(page.GetByText("No claims yet")).ToBeVisibleAsync();
            await page.GotoAsync("/dashboard/claims?status=approved");
            await Expect(page.GetByText("No claims match these filters")).ToBeVisibleAsync();
            await page.GotoAsync("/dashboard/agents");
            await Expect(page).ToHaveTitleAsync("Agents · Sigilum");
            await Expect(page.GetByText("No agents yet")).ToBeVisibleAsync();
        });
    }

    [GeneratedRegex(@"/dashboard/claims\?status=approved&in_effect=0&of=0&done=revoked$")]
    private static partial Regex DoneRevoked();
}
