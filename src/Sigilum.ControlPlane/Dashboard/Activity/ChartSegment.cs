namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>One outcome's part of a stacked bar, in SVG coordinates.</summary>
public sealed record ChartSegment(string Outcome, int Count, double X, double Y, double Width, double Height);
