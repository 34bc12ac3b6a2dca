using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Sigilum.Core.Storage;
using Sigilum.Dashboard.Browser;
using static Microsoft.Playwright.Assertions;

namespace Sigilum.Dashboard.Forms;

[Collection(BrowserCollection.Name)]
public sealed class FormSecurityTests(BrowserFixture browser)
{
    [Fact]
    public async Task ADM_03_CrossOriginFormPost_WithTheSessionCookie_IsRefusedAndChangesNothing()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        // Another origin on the same host (another port): the same *site*, so the SameSite=Strict cookie IS sent —
        // the same-origin check has to catch it on its own.
        await using var attacker = await AttackerSite.StartAsync(harness.BaseUrl + "/dashboard/settings/password");
        await harness.RunAsync(async page =>
        {
            await harness.SignInAsync();
            await page.GotoAsync(attacker.Url);
            await page.WaitForURLAsync(harness.BaseUrl + "/dashboard/settings/password");

            await Expect(page.GetByText("DASHBOARD_CROSS_ORIGIN")).ToBeVisibleAsync();
            Assert.Null((await OwnerAsync(harness)).PasswordHash);
        });
    }

    [Fact]
    public async Task ADM_03_FormPost_WithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async _ =>
        {
            await harness.SignInAsync();
            var session = (await harness.Context.CookiesAsync()).Single(c => c.Name == "sigilum_session");

            // A client that sends no Origin or Sec-Fetch-Site passes the origin check, so only the token fails.
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(harness.BaseUrl) };
            using var request = new HttpRequestMessage(HttpMethod.Post, "/dashboard/settings/password")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = "correct horse battery", ["confirm"] = "correct horse battery" }),
            };
            request.Headers.Add("Cookie", "sigilum_session=" + session.Value);
            var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("DASHBOARD_FORM_EXPIRED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null((await OwnerAsync(harness)).PasswordHash);
        });
    }

    [Fact]
    public async Task ADM_09_Pages_SendSecurityHeaders()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            var response = await page.GotoAsync("/dashboard/sign-in");
            var headers = await response!.AllHeadersAsync();
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", headers["content-security-policy"], StringComparison.Ordinal);
            Assert.Equal("no-store", headers["cache-control"]);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
        });
    }

    [Fact]
    public async Task ADM_02_ForeignHostHeader_DnsRebinding_IsRefusedWithoutAForm()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(harness.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/sign-in");
        request.Headers.Host = "attacker.example:" + new Uri(harness.BaseUrl).Port;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("DASHBOARD_HOST_NOT_ALLOWED", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicUrlHost_IsServed()
    {
        await using var harness = await DashboardHarness.StartAsync(browser, configure: o => o.Dashboard.PublicUrl = "https://dash.example.test");
        using var client = new HttpClient { BaseAddress = new Uri(harness.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/sign-in");
        request.Headers.Host = "dash.example.test";

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        // And its sign-in links carry that address.
        Assert.StartsWith("https://dash.example.test/dashboard/sign-in?code=sgl_", await harness.NewSignInLinkAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADM_08_AgentControlledText_IsShownAsTextNeverRun()
    {
        await using var harness = await DashboardHarness.StartAsync(browser);
        await harness.RunAsync(async page =>
        {
            const string Hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>";
            var dialogs = 0;
            page.Dialog += (_, dialog) =>
            {
                dialogs++;
                _ = dialog.DismissAsync();
            };
            var key = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail");
            await Claims.ClaimScenario.FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), key, "mail", Hostile);
            await harness.SignInAsync();

            foreach (var path in new[] { "/dashboard/pending", "/dashboard/claims", "/dashboard/agents" })
            {
                await page.GotoAsync(path);
                await Expect(page.GetByText(Hostile).First).ToBeVisibleAsync();
                Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
            }
            Assert.Equal(0, dialogs);
        });
    }

    private static async Task<Core.Namespaces.OwnerRecord> OwnerAsync(DashboardHarness harness)
    {
        var store = harness.ControlPlane.Host.Services.GetRequiredService<ISigilumStore>();
        var ns = await store.Namespaces.GetAsync(harness.Namespace);
        return (await store.Namespaces.GetOwnerAsync(ns!.OwnerId))!;
    }

    /// <summary>A page on another origin whose form posts itself to a target URL as soon as it loads.</summary>
    private sealed class AttackerSite(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public static async Task<AttackerSite> StartAsync(string target)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var html = $$"""
                <!DOCTYPE html><html><body>
                <form id="f" method="post" action="{{target}}">
                  <input name="password" value="attacker-chosen-password">
                  <input name="confirm" value="attacker-chosen-password">
                </form>
                <script>document.getElementById('f').submit();</script>
                </body></html>
                """;
            app.MapGet("/", () => Results.Content(html, "text/html"));
            await app.StartAsync();
            var address = app.Urls.First();
            return new AttackerSite(app, address + "/");
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
