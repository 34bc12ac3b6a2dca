using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Usage.Reporting;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// The gateway's configuration of the shared <see cref="UsageClient"/> (ADR 0029, ADR 0071): batches go to
/// <c>POST /v1/usage/events/batch</c> through the signed <see cref="ControlPlaneClient"/>, with the batching policy of
/// <see cref="ControlPlaneLinkOptions"/>; outcomes are logged and counted in <c>sigilum_gateway_usage_events_total</c>.
/// Runs as a hosted service; <see cref="Report"/> only enqueues and never waits.
/// </summary>
internal sealed class UsageReporter : BackgroundService, IUsageLink
{
    /// <summary>The most reports in one call: the control plane's batch limit.</summary>
    public const int MaxBatch = UsageClient.MaxBatch;

    private readonly ControlPlaneClient _client;
    private readonly ILogger _logger;
    private readonly GatewayMetrics? _metrics;
    private readonly UsageReportingPolicy _policy;
    private readonly UsageClient _usage;

    public UsageReporter(ControlPlaneClient client, TimeProvider time, ILogger<UsageReporter> logger, GatewayMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(logger);
        _client = client;
        _logger = logger;
        _metrics = metrics;
        var options = client.Options;
        _policy = new UsageReportingPolicy(options.UsageEnabled, options.UsageBatchSize, options.UsageQueueCapacity, options.UsageFlushInterval,
            options.RequestTimeout, options.InitialRetryDelay, options.MaxRetryDelay);
        _usage = new UsageClient(this, time);
    }

    /// <inheritdoc cref="UsageClient.Dropped"/>
    public long Dropped => _usage.Dropped;

    /// <inheritdoc cref="UsageClient.Sent"/>
    public long Sent => _usage.Sent;

    /// <inheritdoc cref="UsageClient.Refused"/>
    public long Refused => _usage.Refused;

    /// <inheritdoc cref="UsageClient.FailedAttempts"/>
    public long FailedAttempts => _usage.FailedAttempts;

    /// <inheritdoc cref="UsageClient.Queued"/>
    public int Queued => _usage.Queued;

    /// <inheritdoc cref="UsageClient.State"/>
    internal UsageReporterState State => _usage.State;

    Uri IUsageLink.BatchUrl => _client.Url("v1/usage/events/batch");

    string IUsageLink.EventIdTag => "gw";

    UsageReportingPolicy IUsageLink.Policy => _policy;

    /// <summary>Queues <paramref name="report"/>; never blocks. Ignored when usage reporting is off.</summary>
    public void Report(UsageReport report) => _usage.Report(report);

    public override void Dispose()
    {
        base.Dispose();
        _usage.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => _usage.RunAsync(stoppingToken);

    // SignedControlPlaneHandler signs every request of the client, straight from the BufferedBodyContent.
    Task<HttpResponseMessage> IUsageLink.SendAsync(HttpRequestMessage request, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        _client.SendAsync(request, cancellationToken);

    void IUsageLink.Counted(string result, int count) => _metrics?.UsageEvents(result, count);

    void IUsageLink.Failing(string reason) => UsageReporterLog.Failing(_logger, reason);

    void IUsageLink.Recovered(long failedAttempts) => UsageReporterLog.Recovered(_logger, failedAttempts);

    void IUsageLink.Dropping(long dropped) => UsageReporterLog.Dropping(_logger, dropped);

    void IUsageLink.Refused(int count, int status, string? code) => UsageReporterLog.Refused(_logger, count, status, code);

    void IUsageLink.FlushFailed(int count, string reason) => UsageReporterLog.FlushFailed(_logger, count, reason);
}
