using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Sigilum.Core.Claims;
using Sigilum.Dashboard.Browser;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Dashboard.Claims;

/// <summary>Claims filed and decided the way agents and the CLI do it, beside the browser, and checked in the store.</summary>
internal static class ClaimScenario
{
    /// <summary>Files a claim signed by <paramref name="agent"/> under <paramref name="name"/>; returns its id.</summary>
    public static async Task<string> FileAsync(DashboardHarness harness, SigningIdentity agent, string serviceKey, string service, string name = "test-agent")
    {
        var client = harness.ControlPlane.SignedClient(agent);
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/claims")
        {
            Content = JsonContent.Create(new { @namespace = agent.Namespace, public_key = agent.AgentKeyHeader, service, nonce = Guid.NewGuid().ToString("N"), agent_name = name }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Filing the claim answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("claim_id").GetString()!;
    }

    /// <summary>An owner decision through the API, as <c>sigilum</c> makes it.</summary>
    /// <summary>
    /// Two services (mail, docs) and two agents: writer-bot approved for mail and pending for docs, reader-bot pending
    /// for mail. Returns writer-bot's identity and its approved mail claim.
    /// </summary>
    public static async Task<(SigningIdentity Writer, string WriterMail)> SeedTwoAgentsAsync(DashboardHarness harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var mailKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "mail", "mail.example.com");
        var docsKey = await harness.ControlPlane.CreateServiceAsync(harness.OwnerToken, harness.Namespace, "docs", "docs.example.com");
        var writer = harness.ControlPlane.NewIdentity(harness.Namespace);
        var writerMail = await FileAsync(harness, writer, mailKey, "mail", "writer-bot");
        await DecideAsync(harness, harness.OwnerToken, writerMail, "approve");
        await FileAsync(harness, writer, docsKey, "docs", "writer-bot");
        await FileAsync(harness, harness.ControlPlane.NewIdentity(harness.Namespace), mailKey, "mail", "reader-bot");
        return (writer, writerMail);
    }

    public static async Task DecideAsync(DashboardHarness harness, string token, string claimId, string decision, object? body = null)
    {
        var owner = harness.ControlPlane.PlainClient(token);
        var response = await owner.PostAsJsonAsync($"v1/claims/{claimId}/{decision}", body ?? new { });
        response.EnsureSuccessStatusCode();
    }

    public static async Task<ClaimRecord> StoredAsync(DashboardHarness harness, string claimId) =>
        (await harness.ControlPlane.Host.Store.Claims.GetAsync(claimId))!;

    /// <summary>
    /// Posts a dashboard form with the signed-in browser's cookies and the antiforgery token of the open page, the
    /// way a hand-edited form would: only the fields differ from a real post.
    /// </summary>
    public static async Task<IAPIResponse> PostFormAsync(DashboardHarness harness, IPage page, string path, params (string Name, string Value)[] fields)
    {
        var token = await page.Locator("input[name=__sigilum_af]").First.GetAttributeAsync("value");
        var form = harness.Context.APIRequest.CreateFormData();
        form.Set("__sigilum_af", token!);
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }
        return await harness.Context.APIRequest.PostAsync(path, new APIRequestContextOptions { Form = form, MaxRedirects = 0 });
    }
}
