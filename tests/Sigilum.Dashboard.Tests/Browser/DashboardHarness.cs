using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.ControlPlane;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Dashboard.Browser;

/// <summary>
/// One dashboard test's world: a real control plane on a free loopback port, a registered namespace owner, and a
/// fresh browser context (its own cookies) with one page. <see cref="RunAsync"/> keeps a screenshot when the test
/// fails.
/// </summary>
public sealed partial class DashboardHarness : IAsyncDisposable
{
    private DashboardHarness(ControlPlaneFixture controlPlane, SigningIdentity owner, string ownerToken, IBrowserContext context, IPage page)
    {
        ControlPlane = controlPlane;
        Owner = owner;
        OwnerToken = ownerToken;
        Context = context;
        Page = page;
    }

    public ControlPlaneFixture ControlPlane { get; }

    public SigningIdentity Owner { get; }

    public string Namespace => Owner.Namespace;

    /// <summary>The owner's CLI token (for API calls the test makes on the side).</summary>
    public string OwnerToken { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string BaseUrl => ControlPlane.Host.BaseUrl;

    public static async Task<DashboardHarness> StartAsync(
        BrowserFixture browser, TimeProvider? time = null, Action<ControlPlaneOptions>? configure = null, string ns = "alice", Microsoft.Extensions.Logging.ILoggerProvider? logs = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        var controlPlane = await ControlPlaneFixture.StartAsync(configure, time, logs);
        try
        {
            var (owner, token) = await controlPlane.RegisterOwnerAsync(ns);
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = controlPlane.Host.BaseUrl });
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            return new DashboardHarness(controlPlane, owner, token, context, page);
        }
        catch
        {
            await controlPlane.DisposeAsync();
            throw;
        }
    }

    /// <summary>A one-time sign-in link, as <c>sigilum auth login</c> gets it.</summary>
    public async Task<string> NewSignInLinkAsync()
    {
        var response = await ControlPlane.PlainClient(OwnerToken).PostAsync("v1/auth/sign-in-links", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    /// <summary>Signs in through a fresh link, the way a person does, and waits for the overview.</summary>
    public async Task SignInAsync()
    {
        await Page.GotoAsync(await NewSignInLinkAsync());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in as owner of " + Namespace }).ClickAsync();
        // A web-first URL assertion, not WaitForURLAsync: that one then waits for the load state, and after the
        // post-redirect-get it intermittently missed a load that had already fired (15 s timeouts under load).
        await Assertions.Expect(Page).ToHaveURLAsync(SignedInUrl());
    }

    /// <summary>Runs the test body; on failure saves a full-page screenshot named after the test, then rethrows.</summary>
    public async Task RunAsync(Func<IPage, Task> body, [CallerMemberName] string name = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            await body(Page);
        }
        catch
        {
            await Screenshots.TryCaptureAsync(Page, "failed-" + name);
            throw;
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/dashboard\?done=signed-in$")]
    private static partial System.Text.RegularExpressions.Regex SignedInUrl();

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await ControlPlane.DisposeAsync();
    }
}
