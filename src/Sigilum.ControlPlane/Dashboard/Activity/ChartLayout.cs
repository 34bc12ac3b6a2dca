using System.Globalization;

namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>
/// Where everything goes in the chart's SVG (a fixed viewBox that CSS scales to the page width): stacked bar
/// segments, y ticks and x labels. Coordinates only, as SVG attributes; no inline styles (the CSP forbids them).
/// </summary>
public static class ChartLayout
{
    public const double Width = 720;
    public const double Height = 260;
    public const double Left = 48;
    public const double Right = 8;
    public const double Top = 12;
    public const double Bottom = 40;

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    /// <summary>The baseline (value 0) of the plot.</summary>
    public static double Baseline => Top + PlotHeight;

    /// <summary>Label steps to choose from, in buckets: wall-clock friendly (10 minutes, 3 hours, 1 day…).</summary>
    private static readonly int[] LabelSteps = [1, 2, 3, 4, 6, 10, 12, 15, 20, 30, 60];

    /// <summary>At most this many x labels, so they never overlap.</summary>
    public const int MaxLabels = 8;

    public static IReadOnlyList<ChartColumn> Columns(ActivityChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var slot = PlotWidth / data.Buckets.Count;
        var barWidth = Math.Max(1, slot * 0.7);
        var labelStep = LabelStep(data.Buckets.Count);
        var columns = new List<ChartColumn>(data.Buckets.Count);
        for (var i = 0; i < data.Buckets.Count; i++)
        {
            var bucket = data.Buckets[i];
            var x = Left + (slot * i) + ((slot - barWidth) / 2);
            var segments = new List<ChartSegment>();
            var below = 0;
            foreach (var outcome in data.Outcomes)
            {
                var count = bucket.CountOf(outcome);
                if (count == 0)
                {
                    continue;
                }
                // Stacked: each segment sits on the ones below it; y grows downwards in SVG.
                var top = Y(below + count, data.AxisMax);
                segments.Add(new ChartSegment(outcome, count, x, top, barWidth, Y(below, data.AxisMax) - top));
                below += count;
            }
            var label = IsLabelled(bucket.Start, data.BucketSize, labelStep) ? Label(bucket.Start, data.BucketSize) : null;
            columns.Add(new ChartColumn(bucket, x, barWidth, x + (barWidth / 2), segments, label));
        }
        return columns;
    }

    /// <summary>The y coordinate of <paramref name="value"/> on an axis topping at <paramref name="axisMax"/>.</summary>
    public static double Y(int value, int axisMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(axisMax);
        return Baseline - (PlotHeight * value / axisMax);
    }

    /// <summary>The smallest wall-clock-friendly step that keeps the labels at or under <see cref="MaxLabels"/>.</summary>
    public static int LabelStep(int bucketCount)
    {
        foreach (var step in LabelSteps)
        {
            if ((bucketCount + step - 1) / step <= MaxLabels)
            {
                return step;
            }
        }
        return (bucketCount + MaxLabels - 1) / MaxLabels;
    }

    /// <summary>A bucket's time as the axis shows it (UTC): the time of day for buckets under a day, else the date.</summary>
    public static string Label(DateTimeOffset start, TimeSpan bucket) =>
        start.UtcDateTime.ToString(bucket < TimeSpan.FromDays(1) ? "HH:mm" : "MMM d", CultureInfo.InvariantCulture);

    /// <summary>A number for an SVG attribute: invariant culture, two decimals at most.</summary>
    public static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    // Labels sit on round wall-clock times (…:00, :10, :20), counted in whole buckets since the unix epoch.
    private static bool IsLabelled(DateTimeOffset start, TimeSpan bucket, int step) =>
        start.ToUnixTimeMilliseconds() / (long)bucket.TotalMilliseconds % step == 0;
}
