using System.CommandLine;
using Sigilum.Cli.Auth;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Stack;

/// <summary>
/// <c>sigilum up</c>: the local stack on the embedded default, ready to use. Starts the control plane, makes
/// sure there is an identity, registers its namespace on first run and signs in as its owner, then starts the
/// gateway with its own identity registered as a node of that namespace, and the vault proxy with its node key
/// registered as a vault node (ADR 0061). In the background (<c>--detach</c>) the vault runs as a background
/// <c>sigilum vault-run</c> (issue 17), stopped by <c>sigilum down</c>.
/// </summary>
internal static class UpCommand
{
    /// <summary>The vault's admin port (<c>/health</c>, <c>/metrics</c>) when up is given none.</summary>
    internal const int DefaultVaultAdminPort = 10256;

    public static Command Create(CliContext context)
    {
        var ns = CommonOptions.Namespace();
        var home = CommonOptions.Home();
        var apiPort = new Option<int?>("--api-port") { Description = "Control plane port on 127.0.0.1 (0 picks a free one) [default: $SIGILUM_API_PORT, else 8787].", HelpName = "port" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Gateway port on 127.0.0.1 (0 picks a free one) [default: from $GATEWAY_ADDR, else 38100].", HelpName = "port" };
        var vaultPort = new Option<int?>("--vault-port") { Description = "Vault proxy port on 127.0.0.1 (0 picks a free one) [default: 10255].", HelpName = "port" };
        var vaultAdminPort = new Option<int?>("--vault-admin-port") { Description = "Vault admin port on 127.0.0.1 for /health and /metrics (0 picks a free one) [default: 10256].", HelpName = "port" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and return once ready; stop with `sigilum down`." };
        var allowPrivate = ServerOptions.AllowPrivateWebhooks();
        var config = ServerOptions.Config();
        var json = CommonOptions.Json();
        var command = new Command("up")
        {
            ns, home, apiPort, gatewayPort, vaultPort, vaultAdminPort, detach, allowPrivate, config, json,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = context.OpenStore(parseResult.GetValue(home));
            var paths = new SigilumPaths(store.HomeDirectory);
            var (record, created) = EnsureIdentity(context, store, parseResult.GetValue(ns));
            var settings = ServerSettings.Resolve(context, parseResult.GetValue(apiPort), store: null, postgres: null)
                with { AllowPrivateWebhooks = parseResult.GetValue(allowPrivate), ConfigFile = parseResult.GetValue(config) is { } file ? context.ResolvePath(file) : null };
            var ports = new Dictionary<string, int>
            {
                ["vault"] = parseResult.GetValue(vaultPort) ?? LocalVault.DefaultPort,
                ["vault-admin"] = parseResult.GetValue(vaultAdminPort) ?? DefaultVaultAdminPort,
            };
            var up = new UpReport { Identity = record, IdentityCreated = created, IdentityPath = store.GetIdentityPath(record.Namespace), Ports = ports };
            var foreground = await StartControlPlaneAsync(context, paths, settings, parseResult.GetValue(detach), up, cancellationToken);
            RunningServer? foregroundGateway = null;
            RunningServer? foregroundVault = null;
            try
            {
                await SignInAsOwnerAsync(context, paths, record, up, cancellationToken);
                var gatewaySettings = GatewaySettings.Resolve(context, paths, parseResult.GetValue(gatewayPort), record.Namespace, up.ControlPlane.Url, store: null, postgres: null);
                foregroundGateway = await StartGatewayAsync(context, paths, gatewaySettings, foreground, up, cancellationToken);
                foregroundVault = await StartVaultAsync(context, paths, foreground, parseResult.GetValue(detach), up, cancellationToken);
                Report(context, up, parseResult.GetValue(json));
                if (foreground is null)
                {
                    return ExitCodes.Ok;
                }
                context.Environment.ServerReady?.Invoke(foreground.Url);
                await foreground.WaitForStopAsync(cancellationToken);
                context.Output.Error.WriteLine("Stopping the local stack…");
            }
            finally
            {
                await StopAsync(foregroundVault, foregroundGateway, foreground);
            }
            context.Output.Error.WriteLine("Local stack stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reuses the control plane running from this home, or starts one (detached, or in this process: returned).</summary>
    private static async Task<RunningServer?> StartControlPlaneAsync(
        CliContext context, SigilumPaths paths, ServerSettings settings, bool detach, UpReport up, CancellationToken cancellationToken)
    {
        if (RunState.ReadLive(paths) is { } running)
        {
            (up.ControlPlane, up.Mode) = (running, StackMode.AlreadyRunning);
            return null;
        }
        if (detach)
        {
            (up.ControlPlane, up.Mode) = (await BackgroundServer.StartAsync(context, paths, settings, cancellationToken), StackMode.Background);
            return null;
        }
        var foreground = await LocalControlPlane.StartAsync(context, paths, settings, detached: false, cancellationToken);
        (up.ControlPlane, up.Mode) = (foreground.State, StackMode.Foreground);
        return foreground;
    }

    /// <summary>Registers the namespace on first run and signs in as its owner; a first run also gets a one-time dashboard sign-in link.</summary>
    private static async Task SignInAsOwnerAsync(CliContext context, SigilumPaths paths, IdentityRecord record, UpReport up, CancellationToken cancellationToken)
    {
        using var identity = SigningIdentity.FromRecord(record);
        var tokens = new OwnerTokenStore(paths);
        var (token, registered, _) = await OwnerSignIn.EnsureSignedInAsync(context, new Uri(up.ControlPlane.Url), identity, tokens, cancellationToken);
        up.Token = token;
        up.TokenFile = tokens.PathFor(record.Namespace);
        up.NamespaceRegistered = registered;
        // First run: the owner has never seen the dashboard, so hand them a way in.
        if (registered)
        {
            up.SignInLink = await OwnerSignIn.CreateSignInLinkAsync(context, new Uri(up.ControlPlane.Url), token, cancellationToken);
        }
    }

    /// <summary>
    /// Registers the gateway as a node and pins the control-plane key for it, then reuses the gateway running from this
    /// home or starts one: in this process when the control plane runs here (returned), else detached.
    /// </summary>
    private static async Task<RunningServer?> StartGatewayAsync(
        CliContext context, SigilumPaths paths, GatewaySettings gatewaySettings, RunningServer? foreground, UpReport up, CancellationToken cancellationToken)
    {
        // up pins the control-plane key for the gateway (ADR 0024): handed over directly when the control plane
        // runs in this process, else read from the control plane up started or found in this home's run state.
        up.GatewayRegistration = await GatewayRegistrar.PrepareAsync(context, paths, gatewaySettings, cancellationToken,
            new GatewayRegistrar.PinPolicy(foreground?.ControlPlaneKey, Replace: true, Source: "up"));
        if (RunState.ReadLive(paths, ServerKind.Gateway) is { } gatewayRunning)
        {
            (up.Gateway, up.GatewayMode) = (gatewayRunning, StackMode.AlreadyRunning);
            return null;
        }
        if (foreground is null)
        {
            (up.Gateway, up.GatewayMode) = (await GatewayStartCommand.StartDetachedAsync(context, paths, gatewaySettings, cancellationToken), StackMode.Background);
            return null;
        }
        var gateway = await LocalGateway.StartAsync(context, paths, gatewaySettings, detached: false, cancellationToken, up.GatewayRegistration.NodeId);
        (up.Gateway, up.GatewayMode) = (gateway.State, StackMode.Foreground);
        return gateway;
    }

    /// <summary>
    /// Starts the vault in this process when the control plane runs here (ADR 0061), in the background with
    /// <paramref name="detach"/> (issue 17: paired with the key the gateway pinned); reuses one running from this home;
    /// otherwise (a control plane found running, no --detach) leaves it to <c>sigil-vault start</c>, which the report says.
    /// </summary>
    private static async Task<RunningServer?> StartVaultAsync(
        CliContext context, SigilumPaths paths, RunningServer? foreground, bool detach, UpReport up, CancellationToken cancellationToken)
    {
        if (RunState.ReadLive(paths, ServerKind.Vault) is { } running)
        {
            (up.Vault, up.VaultMode) = (running, StackMode.AlreadyRunning);
            return null;
        }
        if (foreground is null && detach && Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory)?.PublicKey is { } pinned)
        {
            var (state, vaultNodeId) = await LocalVault.StartDetachedAsync(context, paths, up, pinned, up.Ports["vault"], up.Ports["vault-admin"], cancellationToken);
            (up.Vault, up.VaultMode, up.VaultNodeId) = (state, StackMode.Background, vaultNodeId);
            return null;
        }
        if (foreground?.ControlPlaneKey is not { } controlPlaneKey)
        {
            return null;
        }
        var (vault, _, nodeId) = await LocalVault.StartAsync(context, paths, up, controlPlaneKey, up.Ports["vault"], up.Ports["vault-admin"], cancellationToken);
        (up.Vault, up.VaultMode, up.VaultNodeId) = (vault.State, StackMode.Foreground, nodeId);
        return vault;
    }

    private static void Report(CliContext context, UpReport up, bool json)
    {
        if (json)
        {
            context.Output.WriteJson(up.ToJson());
        }
        else
        {
            up.Print(context.Output.Console);
        }
    }

    /// <summary>Stops what runs in this process: the data planes first, so they drain and send their last reports while the control plane still answers them.</summary>
    private static async Task StopAsync(RunningServer? vault, RunningServer? gateway, RunningServer? controlPlane)
    {
        if (vault is not null)
        {
            await vault.DisposeAsync();
        }
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
        }
        if (controlPlane is not null)
        {
            await controlPlane.DisposeAsync();
        }
    }

    private static (IdentityRecord Record, bool Created) EnsureIdentity(CliContext context, IdentityStore store, string? ns)
    {
        var existing = store.ListNamespaces();
        if (ns is null && context.Environment.GetVariable("SIGILUM_NAMESPACE") is null && existing.Count == 0)
        {
            ns = DefaultNamespace(context);
        }
        if (ns is not null && !existing.Contains(ns.Trim().ToLowerInvariant()))
        {
            var init = store.InitIdentity(ns, force: false);
            return init.IsSuccess ? (init.Value.Record, init.Value.Created) : throw CliContext.IdentityFailure(init.Error);
        }
        return (context.LoadIdentity(store, ns), false);
    }

    private static string DefaultNamespace(CliContext context)
    {
        var user = context.Environment.GetVariable("USER") ?? Environment.UserName;
        var candidate = new string([.. (user ?? string.Empty).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return SigilumNamespace.IsValid(candidate) ? candidate : "local";
    }
}
