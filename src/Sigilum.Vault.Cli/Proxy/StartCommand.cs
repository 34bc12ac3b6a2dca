using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;
using Sigilum.Vault.Witness;
using Sigilum.Vault.Audit;

namespace Sigilum.Vault.Cli.Proxy;

/// <summary><c>sigil-vault start</c>: runs the proxy in the foreground until Ctrl+C.</summary>
internal static class StartCommand
{
    public static Command Create(VaultCliContext context)
    {
        var port = new Option<int>("--port") { Description = $"Port on 127.0.0.1 [default: {VaultProxyOptions.DefaultPort}].", DefaultValueFactory = _ => VaultProxyOptions.DefaultPort, HelpName = "port" };
        var upstreamCa = new Option<string?>("--upstream-ca") { Description = "A PEM file of extra CA certificates to trust for upstreams (besides the system store).", HelpName = "file" };
        var insecurePlainHttp = new Option<bool>("--insecure-allow-plain-http-upstreams")
        {
            Description = "InsecureAllowPlainHttpUpstreams: release credentials over plain http to routes added with --scheme http (clear text on the wire; off by default).",
        };
        var acceptRollback = new Option<bool>("--accept-store-rollback")
        {
            Description = "Confirm that the replay database was restored from a backup on purpose: start although it is older than the audit log (audited).",
        };
        var adminPort = new Option<int?>("--admin-port")
        {
            Description = "Serve /health and Prometheus /metrics on 127.0.0.1:<port>, apart from the proxy port (0 picks a free one) [default: none; `sigilum up` uses 10256].",
            HelpName = "port",
        };
        var home = CommonOptions.Home();
        var command = new Command("start") { port, upstreamCa, insecurePlainHttp, acceptRollback, adminPort, home };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            var roots = ReadUpstreamRoots(context, parseResult.GetValue(upstreamCa));
            var settings = new StartSettings(parseResult.GetValue(port), roots, parseResult.GetValue(insecurePlainHttp), parseResult.GetValue(acceptRollback))
            {
                AdminPort = parseResult.GetValue(adminPort),
                Store = context.StoreLocation(parseResult),
            };
            var (host, witness) = await StartProxyAsync(context, paths, settings, cancellationToken);
            await using (host)
            {
                AnnouncePosture(context, host, paths, settings, witness is not null);
                context.Environment.ProxyReady?.Invoke(host.Port);
                await WaitUntilStoppedAsync(cancellationToken);
            }
            // The shutdown checkpoint was just written; give it a moment to reach the witness (else: next start).
            await StopWitnessAsync(witness);
            context.Output.Out.WriteLine("sigil-vault stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The extra upstream CAs of <c>--upstream-ca</c> (none without it); an unreadable or empty file is refused.</summary>
    private static X509Certificate2Collection ReadUpstreamRoots(VaultCliContext context, string? file)
    {
        var roots = new X509Certificate2Collection();
        if (file is null)
        {
            return roots;
        }
        try
        {
            roots.ImportFromPemFile(context.ResolvePath(file));
        }
        catch (Exception ex) when (ex is CryptographicException or IOException)
        {
            throw new CliException(ExitCodes.InvalidData, $"--upstream-ca {file} is not a readable PEM certificate file ({ex.Message}).");
        }
        return roots.Count > 0 ? roots : throw new CliException(ExitCodes.InvalidData, $"--upstream-ca {file} holds no certificate.");
    }

    /// <summary>Starts the witness reporter (when paired) and then the proxy; a refusal to start becomes the matching exit code.</summary>
    private static async Task<(VaultHost Host, WitnessReporter? Witness)> StartProxyAsync(
        VaultCliContext context, VaultPaths paths, StartSettings settings, CancellationToken cancellationToken)
    {
        WitnessReporter? witness = null;
        try
        {
            var options = VaultProxyOptionsFactory.Create(settings.Port, settings.UpstreamRoots, context.Environment.Time, context.Environment.GetVariable,
                context.Environment.Resolve) with { InsecureAllowPlainHttpUpstreams = settings.AllowPlainHttp, AcceptStoreRollback = settings.AcceptStoreRollback };
            witness = StartWitness(context, paths);
            var metrics = new Sigilum.Vault.Admin.VaultMetrics();
            if (witness is not null)
            {
                options = options with { CheckpointWritten = witness.Offer };
                metrics.WitnessFrom(() => witness.LastSentSeq);
            }
            return (await VaultHost.StartAsync(paths, options, new VaultHostOptions { AdminPort = settings.AdminPort, Metrics = metrics, Store = settings.Store }, cancellationToken), witness);
        }
        catch (Exception ex) when (Refusal(ex, settings.Port) is { } refusal)
        {
            await StopWitnessAsync(witness);
            throw refusal;
        }
        catch
        {
            await StopWitnessAsync(witness);
            throw;
        }
    }

    /// <summary>
    /// Paired by <c>connect</c>: the witness reporter each checkpoint the audit writer makes is handed to (issue 6 item 5),
    /// started; null when the vault is not paired.
    /// </summary>
    private static WitnessReporter? StartWitness(VaultCliContext context, VaultPaths paths)
    {
        if (WitnessPairing.Load(paths) is not { } pairing)
        {
            return null;
        }
        if (pairing.ControlPlaneKey is null)
        {
            // Fail closed (ADR 0024): without a pinned key no answer counts as witnessed.
            context.Output.WriteWarning("witness.json pins no control-plane key (paired before keys were pinned); " +
                "no checkpoint will count as witnessed until you run `sigil-vault connect` again.");
        }
        var witness = new WitnessReporter(paths, pairing, NodeKey.Load(paths.NodeKey), context.Environment.CreateHttpHandler(), context.Environment.Time);
        witness.Start();
        return witness;
    }

    /// <summary>Why the proxy could not start, as the exit code a script can act on; null for a bug.</summary>
    private static CliException? Refusal(Exception exception, int port) => exception switch
    {
        VaultStoreException ex => new CliException(ExitCodes.NotFound, ex.Message),
        StoreUnavailableException ex => new CliException(ExitCodes.Network, ex.Message),
        InvalidOperationException ex => new CliException(ExitCodes.InvalidData, ex.Message),
        Sigilum.Core.Generations.StoreRollbackException ex => new CliException(ExitCodes.CheckFailed, ex.Message),
        Sigilum.Core.Audit.AuditLogCorruptedException ex => new CliException(ExitCodes.CheckFailed, "The audit log does not verify; refusing to start: " + ex.Message),
        System.Net.Sockets.SocketException ex => new CliException(ExitCodes.IoError, $"Cannot listen on 127.0.0.1:{port} ({ex.Message})."),
        // Kestrel reports a taken admin port as an IOException ("address already in use").
        IOException ex => new CliException(ExitCodes.IoError, $"Cannot listen on the admin port ({ex.Message}); choose another --admin-port."),
        _ => null,
    };

    /// <summary>One posture line (house rule 8), and a warning when the vault shares a user with its agents.</summary>
    private static void AnnouncePosture(VaultCliContext context, VaultHost host, VaultPaths paths, StartSettings settings, bool paired)
    {
        var roots = settings.UpstreamRoots.Count > 0 ? $" + {settings.UpstreamRoots.Count} from --upstream-ca" : string.Empty;
        var plainHttp = settings.AllowPlainHttp ? "ALLOWED for --scheme http routes (InsecureAllowPlainHttpUpstreams)" : "refused";
        var admin = host.AdminEndPoint is { } endPoint ? $"admin (health, metrics): http://{endPoint}" : "admin: off";
        // The store's kind only: the connection string may hold a password (never printed).
        var store = settings.Store.IsPostgres ? "postgres (shared config and jti replay)" : "sqlite";
        context.Output.Out.WriteLine($"sigil-vault listening on {host.EndPoint} (data {paths.Directory}, store: {store}, upstream CAs: system{roots}, witness: {(paired ? "paired" : "not paired")}, plain-http upstreams: {plainHttp}, {admin}; {host.Posture.Describe()}). Ctrl+C stops.");
        if (host.Posture.IsWeak)
        {
            // Root or the agent's own user: allowed for development, said loudly (reliability MEM-03).
            context.Output.WriteWarning("the vault runs as root or as the agent's user; run it as its own user: sudo sigil-vault service install");
        }
    }

    private static async Task WaitUntilStoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the normal way to stop.
        }
    }

    private static async Task StopWitnessAsync(WitnessReporter? witness)
    {
        if (witness is null)
        {
            return;
        }
        await witness.StopAsync(TimeSpan.FromSeconds(5));
        await witness.DisposeAsync();
    }
}
