namespace Sigilum.Gateway.Operations;

/// <summary>
/// Label values of one series (at most two labels). A value type so that counting allocates nothing
/// once a series exists.
/// </summary>
internal readonly record struct MetricLabels(string First, string? Second = null);
