using Sigilum.ControlPlane.Dashboard.Activity;
using Sigilum.Core.Usage;

namespace Sigilum.Dashboard.Activity;

/// <summary>The chart's pure parts: bucketing the store's counts, the y axis, the SVG geometry and the time window.</summary>
public sealed class ActivityChartTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Build_SparseCounts_FillsEveryBucketAndSumsPerOutcome()
    {
        UsageCount[] counts = [new(T0, "success", 3), new(T0, "denied", 1), new(T0.AddMinutes(2), "error", 2)];

        var chart = ActivityChart.Build(counts, T0, Minute, 4);

        Assert.Equal([T0, T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3)], chart.Buckets.Select(b => b.Start));
        Assert.Equal([4, 0, 2, 0], chart.Buckets.Select(b => b.Total));
        Assert.Equal((6, 3, 1, 2), (chart.Total, chart.TotalOf("success"), chart.TotalOf("denied"), chart.TotalOf("error")));
        Assert.Equal(["success", "denied", "error"], chart.Outcomes);
    }

    [Fact]
    public void Build_CountsOutsideTheRange_AreIgnored()
    {
        UsageCount[] counts = [new(T0.AddMinutes(-1), "success", 5), new(T0.AddMinutes(4), "success", 7), new(T0.AddMinutes(3), "success", 1)];

        var chart = ActivityChart.Build(counts, T0, Minute, 4);

        Assert.Equal(1, chart.Total);
        Assert.Equal(1, chart.Buckets[3].Total);
    }

    [Fact]
    public void Build_UnknownOutcome_IsStackedAfterTheKnownOnes()
    {
        var chart = ActivityChart.Build([new UsageCount(T0, "throttled", 2), new UsageCount(T0, "success", 1)], T0, Minute, 1);

        Assert.Equal(["success", "denied", "error", "throttled"], chart.Outcomes);
        Assert.Equal(2, chart.TotalOf("throttled"));
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(5, 5, 1)]
    [InlineData(6, 6, 2)]
    [InlineData(7, 8, 2)]
    [InlineData(10, 10, 2)]
    [InlineData(11, 15, 5)]
    [InlineData(26, 30, 10)]
    [InlineData(999, 1000, 200)]
    [InlineData(1001, 1500, 500)]
    public void Axis_Highest_NiceTopAndStepWithAtMostFiveSteps(int highest, int max, int step)
    {
        Assert.Equal((max, step), ActivityChart.Axis(highest));
    }

    [Fact]
    public void Axis_AnyHighest_CoversItWithAtMostMaxTicksSteps()
    {
        foreach (var highest in Enumerable.Range(0, 5000))
        {
            var (max, step) = ActivityChart.Axis(highest);
            Assert.True(max >= highest && max % step == 0 && max / step <= ActivityChart.MaxTicks, $"highest {highest}: {max}/{step}");
        }
    }

    [Fact]
    public void Columns_StackedBar_SegmentsSitOnEachOtherProportionally()
    {
        var chart = ActivityChart.Build([new UsageCount(T0, "success", 3), new UsageCount(T0, "denied", 1), new UsageCount(T0, "error", 1)], T0, Minute, 2);

        var column = ChartLayout.Columns(chart)[0];

        Assert.Equal(5, chart.AxisMax);
        Assert.Equal(["success", "denied", "error"], column.Segments.Select(s => s.Outcome));
        var success = column.Segments[0];
        Assert.Equal(ChartLayout.Baseline, success.Y + success.Height, 6);
        Assert.Equal(ChartLayout.PlotHeight * 3 / 5, success.Height, 6);
        // Each next segment starts where the one below ends; the full bar reaches the top of the axis.
        Assert.Equal(success.Y, column.Segments[1].Y + column.Segments[1].Height, 6);
        Assert.Equal(column.Segments[1].Y, column.Segments[2].Y + column.Segments[2].Height, 6);
        Assert.Equal(ChartLayout.Top, column.Segments[2].Y, 6);
    }

    [Fact]
    public void Columns_EmptyBucket_HasNoSegmentsAndBarsStayInThePlot()
    {
        var chart = ActivityChart.Build([new UsageCount(T0.AddMinutes(59), "success", 2)], T0, Minute, 60);

        var columns = ChartLayout.Columns(chart);

        Assert.Empty(columns[0].Segments);
        Assert.All(columns, c => Assert.InRange(c.X, ChartLayout.Left, ChartLayout.Width - ChartLayout.Right - c.Width));
        Assert.True(columns[1].X > columns[0].X);
    }

    [Theory]
    [InlineData(60, 10)]
    [InlineData(24, 3)]
    [InlineData(7, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    public void LabelStep_BucketCount_KeepsLabelsAtOrUnderEight(int buckets, int step)
    {
        Assert.Equal(step, ChartLayout.LabelStep(buckets));
    }

    [Fact]
    public void Columns_LastHour_LabelsOnRoundTenMinutes()
    {
        var from = new DateTimeOffset(2026, 3, 1, 11, 7, 0, TimeSpan.Zero);
        var chart = ActivityChart.Build([], from, Minute, 60);

        var labels = ChartLayout.Columns(chart).Select(c => c.Label).OfType<string>();

        Assert.Equal(["11:10", "11:20", "11:30", "11:40", "11:50", "12:00"], labels);
    }

    [Fact]
    public void Label_DayBuckets_ShowTheDate()
    {
        Assert.Equal("Mar 1", ChartLayout.Label(T0, TimeSpan.FromDays(1)));
        Assert.Equal("12:00", ChartLayout.Label(T0, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Window_Ranges_WholeAlignedBucketsEndingAfterNow()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 34, 56, 789, TimeSpan.Zero);

        Assert.Equal((new DateTimeOffset(2026, 3, 1, 11, 35, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 12, 35, 0, TimeSpan.Zero)), ActivityRange.LastHour.Window(now));
        Assert.Equal((new DateTimeOffset(2026, 2, 28, 13, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero)), ActivityRange.LastDay.Window(now));
        Assert.Equal((new DateTimeOffset(2026, 2, 23, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)), ActivityRange.LastWeek.Window(now));
        Assert.Equal([60, 24, 7], ActivityRange.All.Select(r => r.BucketCount));
    }
}
