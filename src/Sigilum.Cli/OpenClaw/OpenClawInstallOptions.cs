using System.CommandLine;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;

namespace Sigilum.Cli.OpenClaw;

/// <summary>The options of <c>openclaw install</c> (and <c>openclaw connect</c>, which installs) and how they become <see cref="OpenClawSettings"/>.</summary>
internal sealed class OpenClawInstallOptions
{
    public const string DashboardVariable = "SIGILUM_DASHBOARD_URL";

    public OpenClawInstallOptions() => Mode.AcceptOnlyFromAmong("managed", "local");

    public Option<string?> Mode { get; } = new("--mode")
    {
        Description = "managed: a gateway paired with your control plane (checked: it must answer and be paired); local: this machine's `sigilum up` " +
            "[default: managed when this home's gateway is paired (gateway connect), else local].",
        HelpName = "managed|local",
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Your namespace [default: $SIGILUM_NAMESPACE, else the paired gateway's, else the only identity in the home; asked with --interactive].",
        HelpName = "ns",
    };

    public Option<string?> GatewayUrl { get; } = new("--gateway-url")
    {
        Description = "The gateway agents call [default: $SIGILUM_GATEWAY_URL, else the gateway this home runs, else http://127.0.0.1:38100].",
        HelpName = "url",
    };

    public Option<string?> ApiUrl { get; } = new("--api-url")
    {
        Description = "The control plane [default: $SIGILUM_API_URL, else the paired gateway's, else the one this home runs, else http://127.0.0.1:8787].",
        HelpName = "url",
    };

    public Option<string?> DashboardUrl { get; } = new("--dashboard-url")
    {
        Description = "Where the owner approves requests [default: $SIGILUM_DASHBOARD_URL, else <api-url>/dashboard].",
        HelpName = "url",
    };

    public Option<string?> OpenClawHome { get; } = OpenClawCommand.OpenClawHomeOption();

    public Option<string?> CliPath { get; } = new("--cli-path")
    {
        Description = "The sigilum program the skill helper and hooks run [default: this program; see docs/openclaw.md].",
        HelpName = "path",
    };

    public Option<bool> Interactive { get; } = new("--interactive") { Description = "Ask for the namespace and gateway URL when they cannot be found [default on a terminal]." };

    public Option<bool> NonInteractive { get; } = new("--non-interactive") { Description = "Never ask: fail with an error naming the missing value." };

    public Option<bool> Force { get; } = new("--force") { Description = "Rewrite every file and config value even when already equal." };

    public Option<bool> EnableAuthzNotify { get; } = new("--enable-authz-notify") { Description = "Also enable the sigilum-authz-notify hook (tells the owner about pending requests)." };

    public Option<string?> Home { get; } = CommonOptions.Home();

    public Option<string[]> McpBridge { get; } = new("--mcp-bridge")
    {
        Description = "Also write mcp.servers.<connection> running `sigilum mcp bridge --connection <connection>` (repeatable; an MCP connection on the gateway).",
        HelpName = "connection",
    };

    /// <summary>The install options, in help order.</summary>
    public IEnumerable<Symbol> Symbols => [Mode, Namespace, GatewayUrl, ApiUrl, DashboardUrl, OpenClawHome, CliPath, Interactive, NonInteractive, Force, EnableAuthzNotify, Home, McpBridge];

    /// <summary>Flags, then environment, then what this Sigilum home knows; asks only when interactive.</summary>
    public OpenClawSettings Resolve(CliContext context, ParseResult parseResult, OpenClawLocation location, OpenClawPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(prompt);
        if (parseResult.GetValue(Interactive) && parseResult.GetValue(NonInteractive))
        {
            throw new CliException(ExitCodes.Usage, "--interactive and --non-interactive exclude each other.");
        }
        var interactive = parseResult.GetValue(Interactive) || (!parseResult.GetValue(NonInteractive) && context.Environment.OutputIsTerminal);
        var store = context.OpenStore(parseResult.GetValue(Home));
        var paths = new SigilumPaths(store.HomeDirectory);
        var pairing = GatewayConnection.Read(paths);

        var mode = parseResult.GetValue(Mode) ?? (pairing is not null ? "managed" : "local");

        var ns = NonEmpty(parseResult.GetValue(Namespace)) ?? NonEmpty(context.Environment.GetVariable(Sigilum.Sdk.Identity.SigilumHome.NamespaceVariable)) ?? pairing?.Namespace;
        if (ns is null)
        {
            var only = store.ResolveNamespace(null);
            ns = only.IsSuccess ? only.Value
                : interactive ? prompt.Ask("Your Sigilum namespace (the owner of the agents' approvals):", null)
                : throw new CliException(ExitCodes.Usage,
                    "No namespace: pass --namespace NS (or set SIGILUM_NAMESPACE, or pair the gateway first with `sigilum gateway connect`), or run with --interactive to be asked.");
        }
        if (!Sigilum.Protocol.Identity.SigilumNamespace.TryNormalize(ns, out var normalized))
        {
            throw new CliException(ExitCodes.Usage, $"'{ns}' is not a valid namespace (lower-case letters, digits and '-').");
        }

        var gatewayFlag = NonEmpty(parseResult.GetValue(GatewayUrl)) ?? NonEmpty(context.Environment.GetVariable(GatewayAdminClient.UrlVariable)) ?? RunState.ReadLive(paths, ServerKind.Gateway)?.Url;
        if (gatewayFlag is null && interactive)
        {
            gatewayFlag = prompt.Ask("The gateway your agents call:", GatewayAdminClient.DefaultUrl);
        }
        var gateway = GatewayAdminClient.ResolveUrl(context, gatewayFlag, paths);

        var apiFlag = NonEmpty(parseResult.GetValue(ApiUrl)) ?? NonEmpty(context.Environment.GetVariable(Remote.ApiUrl.Variable)) ?? pairing?.ApiUrl;
        var api = Remote.ApiUrl.Resolve(context, apiFlag, paths);
        var dashboard = NonEmpty(parseResult.GetValue(DashboardUrl)) ?? NonEmpty(context.Environment.GetVariable(DashboardVariable)) ?? Remote.ApiUrl.Display(api) + "/dashboard";
        if (!Uri.TryCreate(dashboard, UriKind.Absolute, out var dashboardUri) || dashboardUri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"The dashboard URL must be an absolute http(s) URL, not '{dashboard}'.");
        }

        var cli = SigilumCliPath.Resolve(parseResult.GetValue(CliPath), Environment.ProcessPath, typeof(CliApp).Assembly.Location, location.CliWrapperPath);
        return new OpenClawSettings(mode, normalized, Remote.ApiUrl.Display(gateway), Remote.ApiUrl.Display(api), dashboard.TrimEnd('/'), location.KeyRoot, cli,
            parseResult.GetValue(EnableAuthzNotify), [.. (parseResult.GetValue(McpBridge) ?? []).Select(Agents.AgentInput.ConnectionId).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// Managed mode needs a gateway that answers and is paired with a control plane: this home's gateway pairing
    /// (<c>gateway connect</c>) or pinned control-plane key, or a gateway elsewhere that reports itself ready (which
    /// includes following its control plane's approvals). Null when fine, else the problem and what to do.
    /// </summary>
    public static async Task<string?> ManagedProblemAsync(CliContext context, SigilumPaths paths, OpenClawSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(settings);
        const string advice = "Pair a gateway with your control plane first: the owner runs `sigilum gateway pairing start` (or uses the dashboard), then on this machine " +
            "`sigilum gateway connect --session-id ID --pair-code CODE --namespace NS --api-url URL` — or `sigilum openclaw connect` with the same flags, which pairs and installs in one step. " +
            "For the local stack (`sigilum up`) use --mode local.";
        if (!await HealthProbe.IsHealthyAsync(context, settings.GatewayUrl, cancellationToken))
        {
            return $"--mode managed: the gateway at {settings.GatewayUrl} does not answer GET /health. Start it (`sigilum gateway start --detach`) or pass --gateway-url. {advice}";
        }
        if (GatewayConnection.Read(paths) is not null || HasPin(paths) ||
            await HealthProbe.IsHealthyAsync(context, settings.GatewayUrl, cancellationToken, "/health/ready"))
        {
            return null;
        }
        return $"--mode managed: the gateway at {settings.GatewayUrl} answers but is not paired with a control plane (no pairing in {paths.GatewayDirectory}, and GET /health/ready fails). {advice}";
    }

    private static bool HasPin(SigilumPaths paths)
    {
        try
        {
            return Sigilum.Gateway.ControlPlane.ControlPlanePin.Read(paths.GatewayDirectory) is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
