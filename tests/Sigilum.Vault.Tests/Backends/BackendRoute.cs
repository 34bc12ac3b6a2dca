using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Backends;

/// <summary>
/// Points the harness's agent at a backend the test configured (as <c>backends add</c> then
/// <c>routes add</c> would): the harness's default env route is removed, so the new route is the only match
/// for the test upstream. The proxy sees the change on the next request (store version).
/// </summary>
internal static class BackendRoute
{
    public static async Task UseAsync(VaultHarness harness, string name, string kind, IReadOnlyDictionary<string, string> options, string secretRef, params string[] headers)
    {
        var now = TimeProvider.System.GetUtcNow();
        Assert.True(await harness.Store.RemoveRouteAsync("rt_1"));
        Assert.True(await harness.Store.AddBackendAsync(new BackendConfig(name, kind, options, now)));
        var templates = headers.Select(h => HeaderTemplate.TryParse(h, true, out var t, out var error) ? t : throw new InvalidOperationException(error)).ToList();
        Assert.Null(await harness.Store.AddRouteAsync(new RouteConfig("rt_" + name, harness.AgentId, TestUpstream.HostName, "/*", name, secretRef, templates, null, true, now) { Port = harness.Upstream.Port }));
    }

    public static string ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Sigil-Vault-Error", out var values) ? values.Single() : "(none)";
}
