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

    /// <summary>
    /// How the control-plane key is pinned (ADR 0024). <paramref name="Known"/>: the key handed over directly (the
    /// control plane runs in this process). <paramref name="Replace"/>: a different pinned key may be replaced (only
    /// <c>up</c>, which runs the control plane of this very home); otherwise a changed key is reported, not trusted.
    /// </summary>
    public sealed record PinPolicy(string? Known, bool Replace, string Source);

    private static readonly PinPolicy FirstUse = new(null, Replace: false, Source: "registration");

    public static async Task<Report> PrepareAsync(CliContext context, SigilumPaths paths, GatewaySettings settings, CancellationToken cancellationToken, PinPolicy? pinning = null)
    {
        pinning ??= FirstUse;
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        PrivateFiles.EnsurePrivateDirectory(paths.GatewayDirectory);
        var (record, created, path) = GatewayIdentity.Ensure(context, paths, settings.Namespace);
        var tokens = new OwnerTokenStore(paths);
        var token = tokens.Find(settings.ControlPlaneUrl, settings.Namespace);
        var display = ApiUrl.Display(settings.ControlPlaneUrl);
        if (pinning.Known is { } known)
        {
            WritePin(context, paths, known, display, pinning.Source);
        }
        // A gateway paired with `gateway connect` is registered already, without an owner sign-in on this machine.
        if (GatewayConnection.Read(paths) is { NodeId: { } pairedNode } paired && paired.Namespace == settings.Namespace
            && ApiUrl.Key(ApiUrl.Parse(paired.ApiUrl)) == ApiUrl.Key(settings.ControlPlaneUrl))
        {
            var pinned = ReadPin(paths);
            return new Report(record, created, path, "paired", pairedNode, pinned is null
                ? "This gateway was paired before control-plane keys were pinned, so it trusts nothing from the control plane and refuses " +
                  "every request (CONTROL_PLANE_KEY_NOT_PINNED). Pair it again: `sigilum gateway pairing start` on the control plane's side, " +
                  "then `sigilum gateway connect` here."
                : null);
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
            var problem = pinning.Known is null ? await PinFromControlPlaneAsync(context, paths, owner, display, pinning, cancellationToken) : null;
            return new Report(record, created, path, outcome == GatewayNodeRegistration.Outcome.Registered ? "registered" : "already-registered", nodeId, problem);
        }
        catch (CliException ex)
        {
            return new Report(record, created, path, "unregistered", null, $"The control plane at {display} did not register the gateway: {ex.Message}");
        }
    }

    /// <summary>
    /// Pins the key the control plane presents over the owner's signed-in session: on first use, or when the policy
    /// allows replacing. A different key than the pinned one is reported and not trusted: the gateway then refuses
    /// the stream until the operator re-pairs or removes the pin on purpose.
    /// </summary>
    private static async Task<string?> PinFromControlPlaneAsync(CliContext context, SigilumPaths paths, OwnerSession owner, string display, PinPolicy pinning, CancellationToken cancellationToken)
    {
        var answer = await owner.Client.SendAsync(HttpMethod.Get, "/v1/control-plane/key", null, cancellationToken);
        var presented = answer?["public_key"]?.GetValue<string>();
        if (!Sigilum.Protocol.ControlPlane.ControlPlaneKey.TryParse(presented, out _))
        {
            return $"The control plane at {display} did not present a control-plane key, so the gateway trusts nothing from it and refuses every request. Upgrade the control plane.";
        }
        var pinned = ReadPin(paths);
        if (pinned is null || pinned.PublicKey == presented || pinning.Replace)
        {
            if (pinned?.PublicKey != presented)
            {
                WritePin(context, paths, presented!, display, pinning.Source);
            }
            return null;
        }
        return $"The control plane at {display} presents the key {Fingerprint(presented!)}, but this gateway pinned {pinned.Fingerprint}: it refuses the stream " +
            "(CONTROL_PLANE_SIGNATURE_INVALID) until you check. If the control plane was re-created on purpose, pair again (`sigilum gateway connect`) " +
            $"or delete {Sigilum.Gateway.ControlPlane.ControlPlanePin.PathIn(paths.GatewayDirectory)} and restart.";
    }

    private static string Fingerprint(string key) =>
        Sigilum.Protocol.ControlPlane.ControlPlaneKey.TryParse(key, out var bytes) ? Sigilum.Protocol.ControlPlane.ControlPlaneKey.Fingerprint(bytes) : key;

    private static Sigilum.Gateway.ControlPlane.ControlPlanePin? ReadPin(SigilumPaths paths)
    {
        try
        {
            return Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void WritePin(CliContext context, SigilumPaths paths, string key, string display, string source) =>
        new Sigilum.Gateway.ControlPlane.ControlPlanePin { PublicKey = key, ApiUrl = display, Source = source, PinnedAt = context.Environment.Time.GetUtcNow() }
            .Write(paths.GatewayDirectory);
}
