namespace Sigilum.Cli.Local;

/// <summary>
/// Where the CLI keeps what it runs and what it signs in with, all under the Sigilum home (DESIGN §4):
/// <c>controlplane/</c> (database, master key, owner tokens), <c>gateway/</c> (its identity, store, master key,
/// audit), <c>logs/</c> and <c>run/</c> (pid and state files, one pair per server).
/// </summary>
internal sealed class SigilumPaths(string home)
{
    public string Home { get; } = home;

    public string ControlPlaneDirectory => Path.Combine(Home, "controlplane");

    public string DatabaseFile => Path.Combine(ControlPlaneDirectory, "sigilum.db");

    public string MasterKeyFile => Path.Combine(ControlPlaneDirectory, "master.key");

    public string LogsDirectory => Path.Combine(Home, "logs");

    public string ControlPlaneLog => Path.Combine(LogsDirectory, "controlplane.log");

    public string RunDirectory => Path.Combine(Home, "run");

    public string ControlPlanePidFile => Path.Combine(RunDirectory, "controlplane.pid");

    public string ControlPlaneStateFile => Path.Combine(RunDirectory, "controlplane.json");

    public string GatewayDirectory => Path.Combine(Home, "gateway");

    public string GatewayLog => LogFile(ServerKind.Gateway);

    public string GatewayStateFile => StateFile(ServerKind.Gateway);

    public string StateFile(ServerKind kind) => Path.Combine(RunDirectory, kind.Name + ".json");

    public string PidFile(ServerKind kind) => Path.Combine(RunDirectory, kind.Name + ".pid");

    public string LogFile(ServerKind kind) => Path.Combine(LogsDirectory, kind.Name + ".log");

    /// <summary>
    /// The bearer token <c>sigilum mcp bridge --http &lt;port&gt;</c> generates, in a 0700 directory of its own that it
    /// removes when it stops (one per listening port, so two bridges never share or delete each other's token).
    /// </summary>
    public string McpBridgeTokenFile(int port) =>
        Path.Combine(RunDirectory, "mcp-bridge-" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), "token");

    /// <summary>Owner tokens of one namespace, for every control plane it signed in to.</summary>
    public string OwnerTokenFile(string ns) => Path.Combine(ControlPlaneDirectory, "owner-token-" + ns);
}
