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
        var home = CommonOptions.Home();
        var command = new Command("start", "Run the proxy in the foreground (127.0.0.1:10255 by default).") { port, upstreamCa, insecurePlainHttp, acceptRollback, home };
        context.Examples.AddDetails(command,
            "Serves HTTP CONNECT (TLS interception with leaves from the vault CA) and plain-HTTP proxying. Every request needs the agent token " +
            "and an X-Sigil-Attestation for exactly that method and URL; the route's credential is fetched within a 5-second budget, injected " +
            "and the request forwarded over verified TLS. Configuration changes (routes, agents, trust) apply to the next request without a restart. " +
            "Env backends read the secrets from this process's environment.");
        context.Examples.Add(command, "sigil-vault start", "sigil-vault start --port 10256 --upstream-ca ./corp-root.pem");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            var allowPlainHttp = parseResult.GetValue(insecurePlainHttp);
            var roots = new X509Certificate2Collection();
            if (parseResult.GetValue(upstreamCa) is { } file)
            {
                try
                {
                    roots.ImportFromPemFile(context.ResolvePath(file));
                }
                catch (Exception ex) when (ex is CryptographicException or IOException)
                {
                    throw new CliException(ExitCodes.InvalidData, $"--upstream-ca {file} is not a readable PEM certificate file ({ex.Message}).");
                }
                if (roots.Count == 0)
                {
                    throw new CliException(ExitCodes.InvalidData, $"--upstream-ca {file} holds no certificate.");
                }
            }
            VaultHost host;
            WitnessReporter? witness = null;
            try
            {
                var options = VaultProxyOptionsFactory.Create(parseResult.GetValue(port), roots, context.Environment.Time, context.Environment.GetVariable,
                    context.Environment.Resolve) with { InsecureAllowPlainHttpUpstreams = allowPlainHttp, AcceptStoreRollback = parseResult.GetValue(acceptRollback) };
                // Paired by `connect`: each checkpoint the audit writer makes is handed to the witness reporter (issue 6 item 5).
                if (WitnessPairing.Load(paths) is { } pairing)
                {
                    if (pairing.ControlPlaneKey is null)
                    {
                        // Fail closed (ADR 0024): without a pinned key no answer counts as witnessed.
                        context.Output.WriteWarning("witness.json pins no control-plane key (paired before keys were pinned); " +
                            "no checkpoint will count as witnessed until you run `sigil-vault connect` again.");
                    }
                    witness = new WitnessReporter(paths, pairing, NodeKey.Load(paths.NodeKey), context.Environment.CreateHttpHandler(), context.Environment.Time);
                    options = options with { CheckpointWritten = witness.Offer };
                    witness.Start();
                }
                try
                {
                    host = await VaultHost.StartAsync(paths, options, cancellationToken);
                }
                catch
                {
                    if (witness is not null)
                    {
                        await StopWitnessAsync(witness);
                    }
                    throw;
                }
            }
            catch (VaultStoreException ex)
            {
                throw new CliException(ExitCodes.NotFound, ex.Message);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ExitCodes.InvalidData, ex.Message);
            }
            catch (Sigilum.Core.Generations.StoreRollbackException ex)
            {
                throw new CliException(ExitCodes.CheckFailed, ex.Message);
            }
            catch (Sigilum.Core.Audit.AuditLogCorruptedException ex)
            {
                throw new CliException(ExitCodes.CheckFailed, "The audit log does not verify; refusing to start: " + ex.Message);
            }
            catch (System.Net.Sockets.SocketException ex)
            {
                throw new CliException(ExitCodes.IoError, $"Cannot listen on 127.0.0.1:{parseResult.GetValue(port)} ({ex.Message}).");
            }
            await using (host)
            {
                // One posture line (house rule 8).
                context.Output.Out.WriteLine($"sigil-vault listening on {host.EndPoint} (data {paths.Directory}, upstream CAs: system{(roots.Count > 0 ? $" + {roots.Count} from --upstream-ca" : string.Empty)}, witness: {(witness is null ? "not paired" : "paired")}, plain-http upstreams: {(allowPlainHttp ? "ALLOWED for --scheme http routes (InsecureAllowPlainHttpUpstreams)" : "refused")}; {host.Posture.Describe()}). Ctrl+C stops.");
                if (host.Posture.IsWeak)
                {
                    // Root or the agent's own user: allowed for development, said loudly (reliability MEM-03).
                    context.Output.WriteWarning("the vault runs as root or as the agent's user; run it as its own user: sudo sigil-vault service install");
                }
                context.Environment.ProxyReady?.Invoke(host.Port);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
            }
            if (witness is not null)
            {
                // The shutdown checkpoint was just written; give it a moment to reach the witness (else: next start).
                await StopWitnessAsync(witness);
            }
            context.Output.Out.WriteLine("sigil-vault stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task StopWitnessAsync(WitnessReporter witness)
    {
        await witness.StopAsync(TimeSpan.FromSeconds(5));
        await witness.DisposeAsync();
    }
}
