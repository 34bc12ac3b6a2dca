using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// Before the gateway starts: its identity exists and its key is a node of the namespace in the control plane
/// (with the owner's stored sign-in). Without a sign-in the gateway still starts, but the control plane refuses
/// its approvals stream, so every proxied request is denied until it is registered; the report says how to fix it.
/// </summary>
internal static class GatewayRegistrar
{
    public sealed record Report(IdentityRecord Identity, bool IdentityCreated, string IdentityPath, string Registration, string? NodeId, string? Problem);

    public static async Task<Report> PrepareAsync(CliContext context, SigilumPaths paths, GatewaySettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        PrivateFiles.EnsurePrivateDirectory(paths.GatewayDirectory);
        var (record, created, path) = GatewayIdentity.Ensure(context, paths, settings.Namespace);
        var tokens = new OwnerTokenStore(paths);
        var token = tokens.Find(settings.ControlPlaneUrl, settings.Namespace);
        var display = ApiUrl.Display(settings.ControlPlaneUrl);
        // A gateway paired with `gateway connect` is registered already, without an owner sign-in on this machine.
        if (GatewayConnection.Read(paths) is { NodeId: { } pairedNode } paired && paired.Namespace == settings.Namespace
            && ApiUrl.Key(ApiUrl.Parse(paired.ApiUrl)) == ApiUrl.Key(settings.ControlPlaneUrl))
        {
            return new Report(record, created, path, "paired", pairedNode, null);
        }
        if (token is null || token.ExpiresAt <= context.Environment.Time.GetUtcNow())
        {
            return new Report(record, created, path, "unregistered", null,
                $"Not signed in to {display} as {settings.Namespace}, so the gateway could not register its key; requests are refused " +
                $"until it is. Run `sigilum auth login --namespace {settings.Namespace}` (or `sigilum up`), then `sigilum gateway restart`; " +
                "for a control plane on another machine use `sigilum gateway connect`.");
        }
        using var owner = new OwnerSession(ApiClient.Owner(context, settings.ControlPlaneUrl, token.Token), token, tokens.PathFor(settings.Namespace));
        try
        {
            var (outcome, nodeId) = await GatewayNodeRegistration.EnsureAsync(owner, record.PublicKey, "gateway@" + System.Environment.MachineName, cancellationToken);
            return new Report(record, created, path, outcome == GatewayNodeRegistration.Outcome.Registered ? "registered" : "already-registered", nodeId, null);
        }
        catch (CliException ex)
        {
            return new Report(record, created, path, "unregistered", null, $"The control plane at {display} did not register the gateway: {ex.Message}");
        }
    }
}
