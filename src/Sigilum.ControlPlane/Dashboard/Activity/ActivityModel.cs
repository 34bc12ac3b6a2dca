using Sigilum.Core.Claims;
using Sigilum.Core.Usage;

namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>
/// The activity page: the filter it was asked for, the chart of the range, one page of the matching events, the
/// namespace's service slugs (suggestions for the service filter) and, when the query was refused, why.
/// </summary>
public sealed record ActivityModel(
    ActivityFilter Filter, DateTimeOffset From, DateTimeOffset To, ActivityChartData? Chart, Page<UsageEvent> Events, IReadOnlyList<string> Services, string? Problem);
