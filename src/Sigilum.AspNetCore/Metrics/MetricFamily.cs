using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Sigilum.AspNetCore.Metrics;

/// <summary>
/// One Prometheus metric family (counter or summary without quantiles) with zero, one or two labels.
/// Series appear once observed; HELP and TYPE are always written (spec §3.13).
/// </summary>
public sealed class MetricFamily(string name, string type, string help, params string[] labelNames)
{
    private static readonly MetricLabels NoLabels = new(string.Empty);
    private readonly ConcurrentDictionary<MetricLabels, MetricCell> _series = new();

    public string Name { get; } = name;

    public MetricCell Series(MetricLabels labels) => _series.GetOrAdd(labels, static _ => new MetricCell());

    /// <summary>The single series of a family without labels.</summary>
    public MetricCell Series() => Series(NoLabels);

    /// <summary>Writes HELP, TYPE and every series; a family without labels always has its one series.</summary>
    public void Write(StringBuilder output)
    {
        PrometheusText.WriteHeader(output, Name, type, help);
        if (labelNames.Length == 0)
        {
            Series();
        }
        var ordered = _series.OrderBy(pair => pair.Key.First, StringComparer.Ordinal).ThenBy(pair => pair.Key.Second, StringComparer.Ordinal);
        foreach (var (labels, cell) in ordered)
        {
            var labelText = FormatLabels(labels);
            if (type == "summary")
            {
                PrometheusText.WriteSample(output, Name + "_sum", labelText, cell.SumSeconds.ToString("R", CultureInfo.InvariantCulture));
                PrometheusText.WriteSample(output, Name + "_count", labelText, cell.Count.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                PrometheusText.WriteSample(output, Name, labelText, cell.Count.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private string FormatLabels(MetricLabels labels)
    {
        if (labelNames.Length == 0)
        {
            return string.Empty;
        }
        var text = new StringBuilder("{");
        PrometheusText.AppendLabel(text, labelNames[0], labels.First);
        if (labelNames.Length > 1)
        {
            text.Append(',');
            PrometheusText.AppendLabel(text, labelNames[1], labels.Second ?? string.Empty);
        }
        return text.Append('}').ToString();
    }
}
