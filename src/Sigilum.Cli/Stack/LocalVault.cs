using System.Globalization;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Vault.Admin;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;
using Sigilum.Vault.Usage;
using Sigilum.Vault.Witness;

namespace Sigilum.Cli.Stack;

/// <summary>
/// The vault proxy as <c>sigilum up</c> runs it, in this process beside the control plane and the gateway (ADR 0061):
/// initialised under <c>$SIGILUM_HOME/vault/</c> on first run, its node key registered as a <c>vault</c> node of the
/// namespace with the owner's sign-in (the same registration <c>sigil-vault connect</c> makes) and the control-plane key
/// pinned, so its audit checkpoints are witnessed and its released requests reported as usage events (the Activity page's
/// <c>plane=vault</c>, ADR 0071); <c>/health</c> and <c>/metrics</c> on the loopback admin port.
/// </summary>
internal static class LocalVault
{
    /// <summary>The vault's proxy port when up is given none (what <c>sigil-vault start</c> uses).</summary>
    public const int DefaultPort = 10255;

    /// <summary>The hidden command <c>up --detach</c> runs the vault with in the background (<see cref="VaultRunCommand"/>).</summary>
    public const string RunCommandName = "vault-run";

    /// <summary>Registers and pairs the vault, then starts it; the running server's URL is the proxy's, the admin URL is returned beside it.</summary>
    public static async Task<(RunningServer Server, string AdminUrl, string NodeId)> StartAsync(
        CliContext context, SigilumPaths paths, UpReport up, string controlPlaneKey, int port, int adminPort, CancellationToken cancellationToken)
    {
        var nodeId = await InitializeAndPairAsync(context, paths, up, controlPlaneKey, cancellationToken);
        var running = await RunAsync(context, paths, port, adminPort, detached: false, cancellationToken);
        return (running, running.State.AdminUrl!, nodeId);
    }

    /// <summary>
    /// <c>up --detach</c>: registers and pairs the vault here (the owner's sign-in stays in this process), then runs it as a
    /// background <c>sigilum vault-run</c> and returns once its admin port answers <c>/health</c>; <c>sigilum down</c> stops it.
    /// </summary>
    public static async Task<(RunState State, string NodeId)> StartDetachedAsync(
        CliContext context, SigilumPaths paths, UpReport up, string controlPlaneKey, int port, int adminPort, CancellationToken cancellationToken)
    {
        var nodeId = await InitializeAndPairAsync(context, paths, up, controlPlaneKey, cancellationToken);
        List<string> arguments =
        [
            RunCommandName,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--admin-port", adminPort.ToString(CultureInfo.InvariantCulture),
            "--home", paths.Home,
            BackgroundServer.DaemonFlag,
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["SIGILUM_HOME"] = paths.Home };
        return (await BackgroundServer.StartProcessAsync(context, paths, ServerKind.Vault, arguments, environment, cancellationToken), nodeId);
    }

    /// <summary>The vault's home under <paramref name="paths"/>.</summary>
    public static VaultPaths VaultPathsOf(SigilumPaths paths) => new(Path.Combine(paths.Home, "vault"));

    private static async Task<string> InitializeAndPairAsync(CliContext context, SigilumPaths paths, UpReport up, string controlPlaneKey, CancellationToken cancellationToken)
    {
        var vaultPaths = VaultPathsOf(paths);
        if (!File.Exists(vaultPaths.NodeKey))
        {
            await VaultInitializer.InitializeAsync(vaultPaths, null, context.Environment.Time, cancellationToken);
        }
        return await PairAsync(context, paths, vaultPaths, up, controlPlaneKey, cancellationToken);
    }

    /// <summary>
    /// Starts the paired vault (pairing from <c>up</c>) with its witness and usage reporters and records its run state;
    /// <paramref name="detached"/> when it runs as the background <c>vault-run</c>.
    /// </summary>
    public static async Task<RunningServer> RunAsync(CliContext context, SigilumPaths paths, int port, int adminPort, bool detached, CancellationToken cancellationToken)
    {
        var vaultPaths = VaultPathsOf(paths);
        var pairing = WitnessPairing.Load(vaultPaths)
            ?? throw new CliException(ExitCodes.NotFound, $"The vault in {vaultPaths.Directory} is not paired with a control plane; start it with `sigilum up`.");
        var witness = new WitnessReporter(vaultPaths, pairing, NodeKey.Load(vaultPaths.NodeKey), context.Environment.CreateHttpHandler(), context.Environment.Time);
        var metrics = new VaultMetrics();
        VaultUsageReporter usage;
        using (var usageKey = NodeKey.Load(vaultPaths.NodeKey))
        {
            usage = new VaultUsageReporter(pairing, usageKey, context.Environment.CreateHttpHandler(), context.Environment.Time) { Metrics = metrics };
        }
        metrics.WitnessFrom(() => witness.LastSentSeq);
        VaultHost host;
        try
        {
            var options = VaultProxyOptionsFactory.Create(port, [], context.Environment.Time, context.Environment.GetVariable, null)
                with { CheckpointWritten = witness.Offer };
            witness.Start();
            usage.Start();
            host = await VaultHost.StartAsync(vaultPaths, options, new VaultHostOptions { AdminPort = adminPort, Metrics = metrics, Finished = usage.Report }, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException or VaultStoreException)
        {
            await usage.DisposeAsync();
            await witness.DisposeAsync();
            throw new CliException(ExitCodes.CheckFailed, $"The vault could not start on 127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}: {ex.Message} Choose other ports with --vault-port and --vault-admin-port.");
        }
        catch
        {
            await usage.DisposeAsync();
            await witness.DisposeAsync();
            throw;
        }
        var state = new RunState
        {
            Pid = Environment.ProcessId,
            Url = $"http://127.0.0.1:{host.Port.ToString(CultureInfo.InvariantCulture)}",
            Store = "sqlite",
            StartedAt = context.Environment.Time.GetUtcNow(),
            ProcessStartedAt = LocalProcess.CurrentStartTime(),
            Detached = detached,
            LogFile = detached ? paths.LogFile(ServerKind.Vault) : null,
            Namespace = pairing.Namespace,
            ControlPlaneUrl = pairing.ApiUrl,
            AdminUrl = $"http://127.0.0.1:{host.AdminEndPoint!.Port.ToString(CultureInfo.InvariantCulture)}",
        };
        return await RunningServer.RecordAsync(new Stopping(host, witness, usage), WaitAsync, paths, ServerKind.Vault, state);
    }

    /// <summary>The vault's node key as a <c>vault</c> node of the namespace, and the pairing file its witness reporter reads.</summary>
    private static async Task<string> PairAsync(CliContext context, SigilumPaths paths, VaultPaths vaultPaths, UpReport up, string controlPlaneKey, CancellationToken cancellationToken)
    {
        string publicKey;
        using (var key = NodeKey.Load(vaultPaths.NodeKey))
        {
            publicKey = Sigilum.Protocol.Identity.AgentKeys.Format(key.PublicKey);
        }
        var url = ApiUrl.Parse(up.ControlPlane.Url);
        using var owner = new OwnerSession(ApiClient.Owner(context, url, up.Token.Token), up.Token, up.TokenFile);
        var (_, nodeId) = await GatewayNodeRegistration.EnsureAsync(owner, publicKey, "sigil-vault@" + Environment.MachineName, "vault", cancellationToken);
        var previous = WitnessPairing.Load(vaultPaths);
        var apiUrl = ApiUrl.Key(url);
        // Same node at the same control plane keeps the acknowledged seq (the witness refuses lower ones); anything else starts over.
        var keepSeq = previous is not null && previous.NodeId == nodeId && previous.ApiUrl == apiUrl ? previous.LastSentSeq : 0;
        new WitnessPairing(apiUrl, up.Identity.Namespace, nodeId, context.Environment.Time.GetUtcNow(), keepSeq, controlPlaneKey).Save(vaultPaths);
        return nodeId;
    }

    private static async Task WaitAsync(CancellationToken cancellationToken) => await Task.Delay(Timeout.Infinite, cancellationToken);

    /// <summary>
    /// Stops the proxy (its final checkpoint is offered to the witness, its last outcomes to the usage reporter), sends the
    /// queued usage events and then gives the witness a moment to send the checkpoint.
    /// </summary>
    private sealed class Stopping(VaultHost host, WitnessReporter witness, VaultUsageReporter usage) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await usage.DisposeAsync();
            await witness.StopAsync(TimeSpan.FromSeconds(5));
            await witness.DisposeAsync();
        }
    }
}
