using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Auth;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;
using Spectre.Console;

namespace Sigilum.Cli.Stack;

/// <summary>
/// <c>sigilum up</c>: the local stack on the embedded default, ready to use. Starts the control plane, makes
/// sure there is an identity, registers its namespace on first run and signs in as its owner, then starts the
/// gateway with its own identity registered as a node of that namespace. The vault proxy has its own command
/// (<c>sigil-vault start</c>); up says so rather than start it.
/// </summary>
internal static class UpCommand
{
    /// <summary>Hosts of the stack that up does not start (the vault runs with its own command), with their default ports.</summary>
    private static readonly (string Name, int Port)[] NotInBuild = [("vault", 10255)];

    public static Command Create(CliContext context)
    {
        var ns = CommonOptions.Namespace();
        var home = CommonOptions.Home();
        var apiPort = new Option<int?>("--api-port") { Description = "Control plane port on 127.0.0.1 (0 picks a free one) [default: $SIGILUM_API_PORT, else 8787].", HelpName = "port" };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Gateway port on 127.0.0.1 (0 picks a free one) [default: from $GATEWAY_ADDR, else 38100].", HelpName = "port" };
        var vaultPort = new Option<int?>("--vault-port") { Description = "Vault proxy port shown in the summary [default: 10255] (the vault runs with `sigil-vault start`).", HelpName = "port" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background and return once ready; stop with `sigilum down`." };
        var allowPrivate = ServerOptions.AllowPrivateWebhooks();
        var config = ServerOptions.Config();
        var json = CommonOptions.Json();
        var command = new Command("up", "Start the local stack and sign you in as the owner of your namespace.")
        {
            ns, home, apiPort, gatewayPort, vaultPort, detach, allowPrivate, config, json,
        };
        context.Examples.AddDetails(command,
            "Starts the control plane on 127.0.0.1 (SQLite under $SIGILUM_HOME/controlplane/; $SIGILUM_STORE and " +
            "$SIGILUM_POSTGRES choose PostgreSQL), then makes the local identity its namespace's owner: the identity is " +
            "--namespace (else $SIGILUM_NAMESPACE, else the only one) and is created when the home has none (named after " +
            "--namespace, else your user name); on first run the namespace is registered with that key, and you are signed " +
            "in (owner token in $SIGILUM_HOME/controlplane/owner-token-<namespace>, 0600). Then the gateway starts on 127.0.0.1:38100 " +
            "with its own identity ($SIGILUM_HOME/gateway/), registered as a gateway node of the namespace, following the control " +
            "plane's approvals stream; agents call http://127.0.0.1:38100/proxy/<service>/… (add services with `sigilum service add`). " +
            "The dashboard is at <api>/dashboard; on first run up prints a one-time sign-in link (later: `sigilum auth login`). " +
            "The vault proxy (10255) runs on its own with `sigil-vault start`; up lists it rather than start it. " +
            "Foreground by default: Ctrl+C stops everything. With --detach both run in the background (logs in " +
            "$SIGILUM_HOME/logs/) and `sigilum down` stops them. What already runs from this home is reused. --allow-private-webhooks lets webhooks reach receivers on this machine " +
            "(off by default: the SSRF guard). --json prints one document when ready.");
        context.Examples.Add(command,
            "sigilum up",
            "sigilum up --detach",
            "sigilum up --namespace alice --api-port 9000 --json",
            "sigilum down");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = context.OpenStore(parseResult.GetValue(home));
            var paths = new SigilumPaths(store.HomeDirectory);
            var (record, created) = EnsureIdentity(context, store, parseResult.GetValue(ns));
            var settings = ServerSettings.Resolve(context, parseResult.GetValue(apiPort), store: null, postgres: null)
                with { AllowPrivateWebhooks = parseResult.GetValue(allowPrivate), ConfigFile = parseResult.GetValue(config) is { } file ? context.ResolvePath(file) : null };
            var ports = new Dictionary<string, int>
            {
                ["vault"] = parseResult.GetValue(vaultPort) ?? NotInBuild[0].Port,
            };
            var up = new UpReport { Identity = record, IdentityCreated = created, IdentityPath = store.GetIdentityPath(record.Namespace), Ports = ports };

            RunningServer? foreground = null;
            RunningServer? foregroundGateway = null;
            if (RunState.ReadLive(paths) is { } running)
            {
                up.ControlPlane = running;
                up.Mode = "already-running";
            }
            else if (parseResult.GetValue(detach))
            {
                up.ControlPlane = await BackgroundServer.StartAsync(context, paths, settings, cancellationToken);
                up.Mode = "background";
            }
            else
            {
                foreground = await LocalControlPlane.StartAsync(context, paths, settings, detached: false, cancellationToken);
                up.ControlPlane = foreground.State;
                up.Mode = "foreground";
            }
            try
            {
                using (var identity = SigningIdentity.FromRecord(record))
                {
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
                var gatewaySettings = GatewaySettings.Resolve(context, paths, parseResult.GetValue(gatewayPort), record.Namespace, up.ControlPlane.Url, store: null, postgres: null);
                // up pins the control-plane key for the gateway (ADR 0024): handed over directly when the control plane
                // runs in this process, else read from the control plane up started or found in this home's run state.
                up.GatewayRegistration = await GatewayRegistrar.PrepareAsync(context, paths, gatewaySettings, cancellationToken,
                    new GatewayRegistrar.PinPolicy(foreground?.ControlPlaneKey, Replace: true, Source: "up"));
                if (RunState.ReadLive(paths, ServerKind.Gateway) is { } gatewayRunning)
                {
                    up.Gateway = gatewayRunning;
                    up.GatewayMode = "already-running";
                }
                else if (foreground is null)
                {
                    up.Gateway = await GatewayStartCommand.StartDetachedAsync(context, paths, gatewaySettings, cancellationToken);
                    up.GatewayMode = "background";
                }
                else
                {
                    foregroundGateway = await LocalGateway.StartAsync(context, paths, gatewaySettings, detached: false, cancellationToken, up.GatewayRegistration.NodeId);
                    up.Gateway = foregroundGateway.State;
                    up.GatewayMode = "foreground";
                }
                if (parseResult.GetValue(json))
                {
                    context.Output.WriteJson(up.ToJson());
                }
                else
                {
                    up.Print(context.Output.Console);
                }
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
                // The gateway first: it drains its requests while the control plane still answers it.
                if (foregroundGateway is not null)
                {
                    await foregroundGateway.DisposeAsync();
                }
                if (foreground is not null)
                {
                    await foreground.DisposeAsync();
                }
            }
            context.Output.Error.WriteLine("Local stack stopped.");
            return ExitCodes.Ok;
        });
        return command;
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

    /// <summary>What up did, printed once the stack is ready.</summary>
    private sealed class UpReport
    {
        public required IdentityRecord Identity { get; init; }

        public required bool IdentityCreated { get; init; }

        public required string IdentityPath { get; init; }

        public required Dictionary<string, int> Ports { get; init; }

        public RunState ControlPlane { get; set; } = null!;

        /// <summary><c>foreground</c>, <c>background</c> or <c>already-running</c>.</summary>
        public string Mode { get; set; } = string.Empty;

        public RunState? Gateway { get; set; }

        /// <summary><c>foreground</c>, <c>background</c> or <c>already-running</c>.</summary>
        public string GatewayMode { get; set; } = string.Empty;

        public GatewayRegistrar.Report? GatewayRegistration { get; set; }

        public StoredToken Token { get; set; } = null!;

        public string TokenFile { get; set; } = string.Empty;

        public bool NamespaceRegistered { get; set; }

        public SignInLink? SignInLink { get; set; }

        private string DashboardUrl => ControlPlane.Url.TrimEnd('/') + "/dashboard";

        private IEnumerable<string> Started =>
            (Mode == "already-running" ? Array.Empty<string>() : ["control-plane"]).Concat(GatewayMode is "foreground" or "background" ? ["gateway"] : []);

        private string[] Next =>
        [
            "sigilum service add --name openai --base-url https://api.openai.com --auth-secret-key api_key --secret api_key=sk-…",
            "sigilum claims list --status pending",
            "sigilum claims approve <claim-id> --expires-in 7d",
            "sigilum namespace show",
            Mode == "foreground" ? "Ctrl+C stops the stack" : "sigilum down",
        ];

        public JsonObject ToJson() => new()
        {
            ["command"] = "up",
            ["namespace"] = Identity.Namespace,
            ["did"] = Identity.Did,
            ["identityCreated"] = IdentityCreated,
            ["identityPath"] = IdentityPath,
            ["apiUrl"] = ControlPlane.Url,
            ["controlPlane"] = new JsonObject
            {
                ["url"] = ControlPlane.Url,
                ["pid"] = ControlPlane.Pid,
                ["store"] = ControlPlane.Store,
                ["mode"] = Mode,
                ["logFile"] = ControlPlane.LogFile,
            },
            ["gateway"] = Gateway is null ? null : new JsonObject
            {
                ["url"] = Gateway.Url,
                ["pid"] = Gateway.Pid,
                ["mode"] = GatewayMode,
                ["logFile"] = Gateway.LogFile,
                ["publicKey"] = GatewayRegistration?.Identity.PublicKey,
                ["registration"] = GatewayRegistration?.Registration,
                ["nodeId"] = GatewayRegistration?.NodeId,
                ["problem"] = GatewayRegistration?.Problem,
            },
            ["gatewayUrl"] = Gateway?.Url,
            ["started"] = new JsonArray([.. Started.Select(s => (JsonNode)JsonValue.Create(s))]),
            ["notAvailable"] = new JsonArray([.. NotInBuild.Select(s => (JsonNode)JsonValue.Create(s.Name))]),
            ["namespaceRegistered"] = NamespaceRegistered,
            ["dashboardUrl"] = DashboardUrl,
            ["signInUrl"] = SignInLink?.Url,
            ["signedIn"] = true,
            ["tokenFile"] = TokenFile,
            ["tokenExpiresAt"] = Token.ExpiresAt,
            ["next"] = new JsonArray([.. Next.Select(s => (JsonNode)JsonValue.Create(s))]),
        };

        public void Print(IAnsiConsole console)
        {
            console.MarkupLine(IdentityCreated
                ? $"[green]Created identity[/] {Markup.Escape(Identity.Namespace)} ({Markup.Escape(Identity.Did)})."
                : $"Using identity {Markup.Escape(Identity.Namespace)} ({Markup.Escape(Identity.Did)}).");
            var table = new Table().AddColumns("service", "address", "status");
            var status = Mode == "already-running" ? "already running" : "running";
            table.AddRow("control-plane", Markup.Escape(ControlPlane.Url),
                $"[green]{status}[/] (pid {ControlPlane.Pid.ToString(CultureInfo.InvariantCulture)}, {Markup.Escape(ControlPlane.Store)})");
            if (Gateway is not null)
            {
                table.AddRow("gateway", Markup.Escape(Gateway.Url),
                    $"[green]{(GatewayMode == "already-running" ? "already running" : "running")}[/] (pid {Gateway.Pid.ToString(CultureInfo.InvariantCulture)})");
            }
            foreach (var (name, _) in NotInBuild)
            {
                table.AddRow(name, $"127.0.0.1:{Ports[name].ToString(CultureInfo.InvariantCulture)}", "[yellow]not started by up: run sigil-vault start[/]");
            }
            console.Write(table);
            if (NamespaceRegistered)
            {
                console.MarkupLineInterpolated($"[green]Registered[/] namespace [bold]{Identity.Namespace}[/] with your identity as its owner.");
            }
            console.MarkupLineInterpolated($"Signed in as owner of [bold]{Identity.Namespace}[/] (token in {TokenFile}, owner-only).");
            if (GatewayRegistration?.Problem is { } problem)
            {
                console.MarkupLineInterpolated($"[yellow]Gateway:[/] {problem}");
            }
            else if (GatewayRegistration is not null)
            {
                console.MarkupLineInterpolated($"Gateway key registered as node {GatewayRegistration.NodeId} of {Identity.Namespace}.");
            }
            console.WriteLine();
            console.MarkupLineInterpolated($"API: [bold]{ControlPlane.Url}[/]");
            console.MarkupLineInterpolated($"Dashboard: [bold]{DashboardUrl}[/]");
            if (SignInLink is not null)
            {
                console.MarkupLineInterpolated($"Sign in with this one-time link (works once, until {SignInLink.ExpiresAt:HH:mm} UTC):");
                console.WriteLine("  " + SignInLink.Url);
            }
            else
            {
                console.WriteLine("  sign in: sigilum auth login   (prints a one-time link)");
            }
            if (Gateway is not null)
            {
                console.MarkupLineInterpolated($"Gateway: [bold]{Gateway.Url}[/]; agents call {Gateway.Url}/proxy/<service>/<path>.");
            }
            console.WriteLine("Next:");
            console.WriteLine("  sigilum service add --name NAME --base-url URL …   connect a provider (its secret stays in the gateway)");
            console.WriteLine("  sigilum claims list --status pending               agents' access requests");
            console.WriteLine("  sigilum claims approve <claim-id> --expires-in 7d  let an agent use a service");
            console.WriteLine("  sigilum namespace show                             your namespace as the control plane sees it");
            console.WriteLine(Mode switch
            {
                "foreground" => "Press Ctrl+C to stop.",
                "background" => $"Running in the background (logs: {ControlPlane.LogFile}, {Gateway?.LogFile}). Stop it with: sigilum down",
                _ => "It was already running; stop it with: sigilum down",
            });
        }
    }
}
