namespace Sigilum.AspNetCore.Metrics;

/// <summary>
/// Label values of one series (at most two labels). A value type so that counting allocates nothing
/// once a series exists.
/// </summary>
public readonly record struct MetricLabels(string First, string? Second = null);
