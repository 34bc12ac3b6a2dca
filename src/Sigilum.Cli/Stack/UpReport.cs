using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Auth;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Identity;
using Spectre.Console;

namespace Sigilum.Cli.Stack;

/// <summary>What up did, printed once the stack is ready.</summary>
internal sealed class UpReport
{
    public required IdentityRecord Identity { get; init; }

    public required bool IdentityCreated { get; init; }

    public required string IdentityPath { get; init; }

    public required Dictionary<string, int> Ports { get; init; }

    public RunState ControlPlane { get; set; } = null!;

    /// <summary>How the control plane runs.</summary>
    public StackMode Mode { get; set; }

    public RunState? Gateway { get; set; }

    /// <summary>How the gateway runs.</summary>
    public StackMode GatewayMode { get; set; }

    public GatewayRegistrar.Report? GatewayRegistration { get; set; }

    /// <summary>The vault proxy (ADR 0061); null when up left it to <c>sigil-vault start</c> (a background stack).</summary>
    public RunState? Vault { get; set; }

    /// <summary>How the vault runs.</summary>
    public StackMode VaultMode { get; set; }

    /// <summary>The vault's node id in the control plane, when up registered it.</summary>
    public string? VaultNodeId { get; set; }

    public StoredToken Token { get; set; } = null!;

    public string TokenFile { get; set; } = string.Empty;

    public bool NamespaceRegistered { get; set; }

    public SignInLink? SignInLink { get; set; }

    private string DashboardUrl => ControlPlane.Url.TrimEnd('/') + "/dashboard";

    private IEnumerable<string> Started =>
        (Mode == StackMode.AlreadyRunning ? Array.Empty<string>() : ["control-plane"])
            .Concat(Gateway is not null && GatewayMode != StackMode.AlreadyRunning ? ["gateway"] : [])
            .Concat(Vault is not null && VaultMode != StackMode.AlreadyRunning ? ["vault"] : []);

    /// <summary>The vault's address: where it runs, else where <c>sigil-vault start</c> listens by default.</summary>
    private string VaultAddress => Vault?.Url ?? $"http://127.0.0.1:{Ports["vault"].ToString(CultureInfo.InvariantCulture)}";

    private string[] Next =>
    [
        "sigilum service add --name openai --base-url https://api.openai.com --auth-secret-key api_key --secret api_key=sk-…",
        "sigilum claims list --status pending",
        "sigilum claims approve <claim-id> --expires-in 7d",
        "sigilum namespace show",
        Mode == StackMode.Foreground ? "Ctrl+C stops the stack" : "sigilum down",
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
            ["mode"] = Mode.WireName(),
            ["logFile"] = ControlPlane.LogFile,
        },
        ["gateway"] = Gateway is null ? null : new JsonObject
        {
            ["url"] = Gateway.Url,
            ["pid"] = Gateway.Pid,
            ["mode"] = GatewayMode.WireName(),
            ["logFile"] = Gateway.LogFile,
            ["publicKey"] = GatewayRegistration?.Identity.PublicKey,
            ["registration"] = GatewayRegistration?.Registration,
            ["nodeId"] = GatewayRegistration?.NodeId,
            ["problem"] = GatewayRegistration?.Problem,
        },
        ["gatewayUrl"] = Gateway?.Url,
        ["vault"] = Vault is null ? null : new JsonObject
        {
            ["url"] = Vault.Url,
            ["adminUrl"] = Vault.AdminUrl,
            ["pid"] = Vault.Pid,
            ["mode"] = VaultMode.WireName(),
            ["nodeId"] = VaultNodeId,
        },
        ["vaultUrl"] = VaultAddress,
        ["started"] = new JsonArray([.. Started.Select(s => (JsonNode)JsonValue.Create(s))]),
        ["notAvailable"] = Vault is null ? new JsonArray("vault") : new JsonArray(),
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
        var status = Mode == StackMode.AlreadyRunning ? "already running" : "running";
        table.AddRow("control-plane", Markup.Escape(ControlPlane.Url),
            $"[green]{status}[/] (pid {ControlPlane.Pid.ToString(CultureInfo.InvariantCulture)}, {Markup.Escape(ControlPlane.Store)})");
        if (Gateway is not null)
        {
            table.AddRow("gateway", Markup.Escape(Gateway.Url),
                $"[green]{(GatewayMode == StackMode.AlreadyRunning ? "already running" : "running")}[/] (pid {Gateway.Pid.ToString(CultureInfo.InvariantCulture)})");
        }
        if (Vault is not null)
        {
            table.AddRow("vault", Markup.Escape(Vault.Url),
                $"[green]{(VaultMode == StackMode.AlreadyRunning ? "already running" : "running")}[/] (pid {Vault.Pid.ToString(CultureInfo.InvariantCulture)}, admin {Markup.Escape(Vault.AdminUrl ?? "-")})");
        }
        else
        {
            table.AddRow("vault", Markup.Escape(VaultAddress), "[yellow]not started in the background: run sigil-vault start[/]");
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
        console.MarkupLineInterpolated($"Vault: [bold]{VaultAddress}[/]{(Vault?.AdminUrl is { } admin ? $" (health and metrics: {admin}/health, {admin}/metrics)" : string.Empty)}.");
        console.WriteLine("Next:");
        console.WriteLine("  sigilum service add --name NAME --base-url URL …   connect a provider (its secret stays in the gateway)");
        console.WriteLine("  sigilum claims list --status pending               agents' access requests");
        console.WriteLine("  sigilum claims approve <claim-id> --expires-in 7d  let an agent use a service");
        console.WriteLine("  sigilum namespace show                             your namespace as the control plane sees it");
        console.WriteLine(Mode switch
        {
            StackMode.Foreground => "Press Ctrl+C to stop.",
            StackMode.Background => $"Running in the background (logs: {ControlPlane.LogFile}, {Gateway?.LogFile}). Stop it with: sigilum down",
            _ => "It was already running; stop it with: sigilum down",
        });
    }
}
