using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Dashboard.Rendering;
using Sigilum.ControlPlane.Hosting;
using Sigilum.ControlPlane.Pairing;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Nodes;

/// <summary>
/// Gateways and vaults paired with the namespace, and "Start pairing" for a gateway on another machine: the same
/// session as <c>POST /v1/gateway/pairing/start</c> (<see cref="PairingSessions"/>), shown once with the command
/// to run there (spec §4.10).
/// </summary>
internal static class NodesEndpoints
{
    internal static async Task<IResult> ShowAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var ns = context.Owner().Namespace;
        var now = time.GetUtcNow();
        var nodes = (await store.Nodes.ListAsync(ns, context.RequestAborted))
            .OrderBy(n => n.Kind).ThenBy(n => n.Name, StringComparer.Ordinal)
            .Select(n => new NodeRow(n, NodeStatus.IsOnline(n, now))).ToList();
        return DashboardPages.Render<NodesPage>(context, "Gateways & vaults", new NodesModel(nodes));
    }

    internal static async Task<IResult> StartPairingAsync(HttpContext context, PairingSessions sessions, IOptions<ControlPlaneOptions> options)
    {
        var user = context.Owner();
        var started = await sessions.StartAsync(user.OwnerId, user.Namespace, PairingSessions.DefaultTtlSeconds, context.RequestAborted);
        var model = new PairingStartedModel(started.SessionId, started.Code, started.Namespace, ApiUrl(context, options.Value),
            started.ExpiresAt, started.TtlSeconds / 60);
        // Rendered from the post, not redirected: the code must not land in a URL, the history or a log line.
        return DashboardPages.Render<PairingStartedPage>(context, "Pair a gateway", model);
    }

    /// <summary>This control plane's URL as the gateway's machine should reach it: the configured public URL, else this request's origin.</summary>
    private static string ApiUrl(HttpContext context, ControlPlaneOptions options) =>
        string.IsNullOrWhiteSpace(options.Dashboard.PublicUrl)
            ? context.Request.Scheme + "://" + context.Request.Host.Value
            : options.Dashboard.PublicUrl.TrimEnd('/');
}
