using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Sigilum.AspNetCore.Metrics;

namespace Sigilum.Vault.Admin;

/// <summary>
/// The vault's Prometheus metrics, counted from what it audits (<see cref="VaultActivity"/>): releases, their outcomes,
/// refusals, audit records and usage reports. Labels take values from fixed sets (HTTP status classes, the usage results),
/// so nothing an agent sends can grow the series, and no label or value ever carries a token, a secret reference or a path.
/// </summary>
internal sealed class VaultMetrics
{
    /// <summary>Status classes of an upstream answer; <c>none</c> when no answer came (refused before, or the upstream failed).</summary>
    public static readonly FrozenSet<string> StatusClasses = FrozenSet.ToFrozenSet(["1xx", "2xx", "3xx", "4xx", "5xx", "none"], StringComparer.Ordinal);

    /// <summary>What became of usage events: accepted by the control plane, refused by it, or dropped here (as the gateway counts them).</summary>
    public static readonly FrozenSet<string> UsageResults = FrozenSet.ToFrozenSet(["sent", "refused", "dropped"], StringComparer.Ordinal);

    private readonly MetricFamily _releases = new("sigilum_vault_releases_total", "counter", "Credentials released to an upstream (each audited durably first).");
    private readonly MetricFamily _outcomes = new("sigilum_vault_release_outcomes_total", "counter", "Released requests by the upstream answer's status class.", "status");
    private readonly MetricFamily _denied = new("sigilum_vault_denied_total", "counter", "Requests refused before any credential was fetched, by the status answered.", "status");
    private readonly MetricFamily _records = new("sigilum_vault_audit_records_total", "counter", "Records appended to the vault's audit log.");
    private readonly MetricFamily _usage = new("sigilum_vault_usage_events_total", "counter", "Usage events by what became of them (sent, refused, dropped).", "result");
    private Func<long>? _witnessed;

    /// <summary>Where the newest witnessed checkpoint seq is read from (the witness reporter when paired); null leaves the gauge out.</summary>
    public void WitnessFrom(Func<long> acknowledgedSeq) => _witnessed = acknowledgedSeq;

    public void Released() => _releases.Series().Increment();

    public void Outcome(int? status) => _outcomes.Series(new MetricLabels(StatusClass(status))).Increment();

    public void Denied(int? status) => _denied.Series(new MetricLabels(status is >= 100 and <= 599 ? status.Value.ToString(CultureInfo.InvariantCulture) : "other")).Increment();

    public void AuditRecord() => _records.Series().Increment();

    public void UsageEvents(string result, long count)
    {
        if (UsageResults.Contains(result))
        {
            _usage.Series(new MetricLabels(result)).Add(count);
        }
    }

    /// <summary>The exposition text (format 0.0.4).</summary>
    public string Render()
    {
        var output = new StringBuilder(2048);
        _releases.Write(output);
        _outcomes.Write(output);
        _denied.Write(output);
        _records.Write(output);
        _usage.Write(output);
        if (_witnessed is { } witnessed)
        {
            PrometheusText.WriteHeader(output, "sigilum_vault_witnessed_checkpoint_seq", "gauge", "The newest audit checkpoint seq the control plane's witness acknowledged.");
            PrometheusText.WriteSample(output, "sigilum_vault_witnessed_checkpoint_seq", string.Empty, witnessed().ToString(CultureInfo.InvariantCulture));
        }
        return output.ToString();
    }

    private static string StatusClass(int? status) => status switch
    {
        >= 100 and < 200 => "1xx",
        >= 200 and < 300 => "2xx",
        >= 300 and < 400 => "3xx",
        >= 400 and < 500 => "4xx",
        >= 500 and < 600 => "5xx",
        _ => "none",
    };
}
