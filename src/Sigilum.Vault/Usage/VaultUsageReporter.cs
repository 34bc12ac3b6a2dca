using Sigilum.Core.Usage.Reporting;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Vault.Admin;
using Sigilum.Vault.Witness;

namespace Sigilum.Vault.Usage;

/// <summary>
/// The vault's configuration of the shared <see cref="UsageClient"/> (ADR 0071): each released request, once its outcome
/// is audited (<see cref="Hosting.VaultHostOptions.Finished"/>), becomes a usage event posted in batches to the control
/// plane the vault is paired with, signed as its registered <c>vault</c> node, so vault traffic shows on the dashboard's
/// Activity page under <c>plane=vault</c>. Only ids, the method, the path without its query and the status travel;
/// never a token, secret reference or header.
/// </summary>
/// <remarks>
/// A usage event names the agent by an Ed25519 key. Vault agents authenticate with a proxy token, not a key, so the
/// event carries the key of the trust anchor that signed the request's intent attestation (the release's <c>kid</c>),
/// and the vault agent's id as <c>agent_id</c>. The service is the backend the credential came from when that name is a
/// slug (what the control plane accepts), else <c>vault</c>.
/// </remarks>
internal sealed class VaultUsageReporter : IUsageLink, IAsyncDisposable
{
    /// <summary>The service named when the backend's name is not a slug.</summary>
    public const string FallbackService = "vault";

    private readonly string _namespace;
    private readonly NodeSender _sender;
    private readonly Uri _endpoint;
    private readonly UsageClient _usage;
    private long _unnamed;

    /// <param name="pairing">The pairing (control plane, namespace) from <c>connect</c> or <c>sigilum up</c>.</param>
    /// <param name="nodeKey">The node key; copied, the caller keeps and disposes it.</param>
    /// <param name="handler">Transport to the control plane; disposed with the reporter.</param>
    /// <param name="time">Clock for signatures, the flush interval and backoff.</param>
    public VaultUsageReporter(WitnessPairing pairing, Ed25519KeyPair nodeKey, HttpMessageHandler handler, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(pairing);
        _namespace = pairing.Namespace;
        _sender = new NodeSender(pairing.Namespace, nodeKey, handler, time);
        _endpoint = new Uri(new Uri(pairing.ApiUrl.TrimEnd('/') + "/"), "v1/usage/events/batch");
        _usage = new UsageClient(this, time);
    }

    /// <summary>The batching policy: the gateway's defaults (ADR 0029).</summary>
    public UsageReportingPolicy Policy { get; init; } = new(Enabled: true, BatchSize: UsageClient.MaxBatch, QueueCapacity: 10_000,
        FlushInterval: TimeSpan.FromSeconds(1), RequestTimeout: TimeSpan.FromSeconds(5), InitialRetryDelay: TimeSpan.FromSeconds(1),
        MaxRetryDelay: TimeSpan.FromMinutes(1));

    /// <summary>Where <c>sigilum_vault_usage_events_total</c> is counted (the admin port's metrics); null counts nowhere else.</summary>
    public VaultMetrics? Metrics { get; init; }

    /// <inheritdoc cref="UsageClient.Sent"/>
    public long Sent => _usage.Sent;

    /// <inheritdoc cref="UsageClient.Refused"/>
    public long Refused => _usage.Refused;

    /// <inheritdoc cref="UsageClient.Dropped"/>
    public long Dropped => _usage.Dropped;

    /// <summary>Released requests not reported because no agent key could be named (the trust anchor was removed meanwhile).</summary>
    public long Unnamed => Interlocked.Read(ref _unnamed);

    Uri IUsageLink.BatchUrl => _endpoint;

    string IUsageLink.EventIdTag => "vt";

    /// <summary>Starts sending.</summary>
    public void Start() => _usage.Start();

    /// <summary>The hand-off of <see cref="Hosting.VaultHostOptions.Finished"/>: queues the request's usage event. Never blocks.</summary>
    public void Report(VaultRequestReport request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SignerKey is null)
        {
            Interlocked.Increment(ref _unnamed);
            return;
        }
        _usage.Report(new UsageReport
        {
            Namespace = _namespace,
            Service = request.Backend is { } backend && SigilumNamespace.IsValid(backend) ? backend : FallbackService,
            PublicKey = request.SignerKey,
            AgentId = request.Agent,
            Outcome = request.Status is >= 100 and < 500 ? UsageOutcome.Success : UsageOutcome.Error,
            StatusCode = request.Status,
            DurationMs = request.DurationMs,
            RequestMethod = request.Method,
            RequestPath = request.Path,
            OccurredAt = request.OccurredAt,
        });
    }

    /// <summary>Sends what is queued (one attempt per batch within one request timeout) and stops.</summary>
    public Task StopAsync() => _usage.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _usage.StopAsync().ConfigureAwait(false);
        _usage.Dispose();
        _sender.Dispose();
    }

    Task<HttpResponseMessage> IUsageLink.SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        _sender.SendAsync(request, body, cancellationToken);

    void IUsageLink.Counted(string result, int count) => Metrics?.UsageEvents(result, count);

    // The vault keeps no log of its own here (like its witness reporter); what happened shows in the metric above and in
    // Sent, Refused and Dropped.
    void IUsageLink.Failing(string reason)
    {
    }

    void IUsageLink.Recovered(long failedAttempts)
    {
    }

    void IUsageLink.Dropping(long dropped)
    {
    }

    void IUsageLink.Refused(int count, int status, string? code)
    {
    }

    void IUsageLink.FlushFailed(int count, string reason)
    {
    }
}
