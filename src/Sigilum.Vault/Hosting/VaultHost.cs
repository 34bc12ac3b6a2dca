using System.Net;
using Sigilum.Core.Audit;
using Sigilum.Core.Generations;
using Sigilum.Core.Processes;
using Sigilum.Protocol.Keys;
using Sigilum.Vault.Admin;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Ca;
using Sigilum.Vault.Egress;
using Sigilum.Vault.Gate;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Release;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Hosting;

/// <summary>
/// A running vault: the configuration store, the CA, the durable jti store, the audit log and the
/// listener, opened from <c>$SIGILUM_HOME/vault/</c>. Startup refuses a missing or unsafe CA, a
/// node key with lax permissions, an audit log that does not verify (PRX-23, STO-05) and a replay database
/// older than the audit log records (STO-15, unless <see cref="VaultProxyOptions.AcceptStoreRollback"/>). The
/// configuration and jti replay live on SQLite (one instance) or PostgreSQL (several, ADR 0068); the audit log and
/// its checkpoints are always this node's own.
/// </summary>
internal sealed class VaultHost : IAsyncDisposable
{
    private readonly VaultStore _store;
    private readonly VaultConfig _config;
    private readonly LocalCa _ca;
    private readonly LeafCertificateCache _leaves;
    private readonly VaultReplay _replay;
    private readonly Ed25519KeyPair _nodeKey;
    private readonly AuditLog _audit;
    private readonly BackendRegistry _backends;
    private readonly UpstreamPool _upstream;
    private readonly VaultProxy _proxy;
    private readonly VaultAdminServer? _admin;

    private VaultHost(VaultStore store, VaultConfig config, LocalCa ca, LeafCertificateCache leaves, VaultReplay replay, Ed25519KeyPair nodeKey, AuditLog audit, BackendRegistry backends,
        UpstreamPool upstream, VaultProxy proxy, ProcessPosture posture, VaultMetrics metrics, VaultAdminServer? admin)
    {
        Metrics = metrics;
        _store = store;
        _admin = admin;
        _upstream = upstream;
        Posture = posture;
        _config = config;
        _ca = ca;
        _leaves = leaves;
        _replay = replay;
        _nodeKey = nodeKey;
        _audit = audit;
        _backends = backends;
        _proxy = proxy;
    }

    public IPEndPoint EndPoint => _proxy.EndPoint;

    /// <summary>Who the process runs as and whether it is non-dumpable with core dumps off (MEM-03), for the posture line.</summary>
    public ProcessPosture Posture { get; }

    public int Port => _proxy.Port;

    /// <summary>The admin listener (<c>/health</c>, <c>/metrics</c>); null when none was asked for.</summary>
    public IPEndPoint? AdminEndPoint => _admin?.EndPoint;

    /// <summary>What the vault counted from its audit (ADR 0061).</summary>
    public VaultMetrics Metrics { get; }

    public AuditLog Audit => _audit;

    /// <summary>The node's public key (trusted key for <c>audit verify</c>).</summary>
    public ReadOnlySpan<byte> NodePublicKey => _nodeKey.PublicKey;

    /// <summary>The node id written into audit checkpoints.</summary>
    public static string NodeId(ReadOnlySpan<byte> publicKey) => "sigil-vault-" + Convert.ToHexStringLower(publicKey[..8]);

    public static Task<VaultHost> StartAsync(VaultPaths paths, VaultProxyOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(paths, options, new VaultHostOptions(), cancellationToken);

    /// <summary>Starts the vault with what <paramref name="hostOptions"/> adds around the proxy (admin port, usage hand-off; ADR 0061).</summary>
    public static async Task<VaultHost> StartAsync(VaultPaths paths, VaultProxyOptions options, VaultHostOptions? hostOptions, CancellationToken cancellationToken = default)
    {
        hostOptions ??= new VaultHostOptions();
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        // Before the CA key, node key or any credential is loaded: no core dump, no same-user ptrace (MEM-03). The agents'
        // identities live beside the vault directory (<home>/identities next to <home>/vault).
        var posture = ProcessHardening.Apply(Path.Combine(Path.GetDirectoryName(paths.Directory) ?? paths.Directory, "identities"));
        var store = await VaultStore.OpenAsync(paths, hostOptions.Store, options.Time, cancellationToken);
        VaultConfig config;
        try
        {
            config = new VaultConfig(store, await store.CreateVersionSourceAsync(cancellationToken));
            _ = await config.CurrentAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        LocalCa ca;
        try
        {
            ca = LocalCa.Load(paths, options.Time);
        }
        catch
        {
            config.Dispose();
            await store.DisposeAsync();
            throw;
        }
        var leaves = new LeafCertificateCache(ca, options.Time);
        var nodeKey = NodeKey.Load(paths.NodeKey);
        VaultReplay? replay = null;
        AuditLog? audit = null;
        BackendRegistry? backends = null;
        UpstreamPool? upstream = null;
        VaultProxy? proxy = null;
        var metrics = hostOptions.Metrics ?? new VaultMetrics();
        var activity = new VaultActivity(metrics, hostOptions.Finished, config.SignerKey);
        try
        {
            replay = await VaultReplay.OpenAsync(paths, hostOptions.Store, options.Time, cancellationToken);
            var auditOptions = new AuditLogOptions
            {
                Directory = paths.AuditDirectory,
                NodeId = options.NodeId ?? NodeId(nodeKey.PublicKey),
                SigningKey = nodeKey,
                TimeProvider = options.Time,
                CheckpointWritten = options.CheckpointWritten,
                RecordAppended = activity.Observe,
            };
            audit = AuditLog.Open(options.AuditLogHook is { } hook ? hook(auditOptions) : auditOptions);
            // STO-15: a replay database restored from an older copy would accept used attestation ids again.
            await StoreGenerationCheck.VerifyAndAdvanceAsync(audit, paths.AuditDirectory, replay.Generation, options.AcceptStoreRollback, cancellationToken);
            // ADR 0026 (one instance: memory + epoch) or ADR 0068 (shared: insert-if-absent); the generation check
            // above guards what the replay database holds either way.
            var replayGuard = await replay.StartGuardAsync(paths, options.ReplayCapacity, options.Time, cancellationToken);
            backends = new BackendRegistry(options.BackendFactory, options.BackendContext);
            upstream = new UpstreamPool(new UpstreamConnector(options.UpstreamRoots), options.Time, options.UpstreamIdleTimeout, options.MaxIdleUpstreamPerKey, options.MaxIdleUpstream);
            var context = new ProxyContext(options, config, leaves, new AttestationGate(replayGuard, options.Time),
                new EgressResolver(options.Resolve), backends, upstream, audit, new TunnelCounter(options.MaxTunnelsPerAgent));
            proxy = await VaultProxy.StartAsync(context);
            var admin = hostOptions.AdminPort is { } adminPort ? await VaultAdminServer.StartAsync(adminPort, metrics, posture.Describe, cancellationToken) : null;
            return new VaultHost(store, config, ca, leaves, replay, nodeKey, audit, backends, upstream, proxy, posture, metrics, admin);
        }
        catch
        {
            if (proxy is not null)
            {
                await proxy.DisposeAsync();
            }
            if (upstream is not null)
            {
                await upstream.DisposeAsync();
            }
            if (backends is not null)
            {
                await backends.DisposeAsync();
            }
            if (audit is not null)
            {
                await audit.DisposeAsync();
            }
            if (replay is not null)
            {
                await replay.DisposeAsync();
            }
            nodeKey.Dispose();
            leaves.Dispose();
            ca.Dispose();
            config.Dispose();
            await store.DisposeAsync();
            throw;
        }
    }

    private int _disposed;

    /// <summary>Stops listening, drains connections, closes the audit log (final checkpoint) and the stores. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
        await _backends.DisposeAsync();
        if (!_audit.IsFailed)
        {
            try
            {
                // A copy of the replay database taken while the vault ran is older than the log from now on.
                await StoreGenerationCheck.AdvanceAsync(_audit, _replay.Generation, "stop", CancellationToken.None);
            }
#pragma warning disable CA1031 // Stopping cannot refuse anything; the next start checks again.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
        await _audit.DisposeAsync();
        await _replay.DisposeAsync();
        _nodeKey.Dispose();
        _leaves.Dispose();
        _ca.Dispose();
        _config.Dispose();
        await _store.DisposeAsync();
    }
}
