namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>One bucket's place in the chart: its bar's segments, bottom to top, and its x label when it has one.</summary>
public sealed record ChartColumn(ChartBucket Bucket, double X, double Width, double Center, IReadOnlyList<ChartSegment> Segments, string? Label);
