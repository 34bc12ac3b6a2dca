using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Usage;

namespace Sigilum.ControlPlane.Dashboard.Activity;

/// <summary>
/// What the activity page shows, read from its GET query: range, agent, service, outcome, the page offset and the
/// protocol (<c>http</c> requests through <c>/proxy</c>, or <c>mcp</c> tool listings and calls) and the data plane that
/// reported it (<c>gateway</c> or <c>vault</c>, ADR 0061).
/// </summary>
public sealed record ActivityFilter(ActivityRange Range, string? Agent, string? Service, string? Outcome, int Offset, string? Protocol = null, string? Plane = null)
{
    /// <summary>The data planes the filter offers: the node kinds that report usage.</summary>
    public static readonly IReadOnlyList<string> Planes = ["gateway", "vault"];

    public const int PageSize = 50;

    /// <summary>The furthest a person can page back; older events are reached by narrowing the filters.</summary>
    public const int MaxOffset = 10_000;

    public const int MaxAgentLength = 256;

    public static ActivityFilter Default { get; } = new(ActivityRange.Default, null, null, null, 0);

    public bool Narrowed => Agent is not null || Service is not null || Outcome is not null || Protocol is not null || Plane is not null;

    /// <summary>The filter, or null and what is wrong. The rules are the usage API's (outcome names, service slugs).</summary>
    public static ActivityFilter? Parse(IQueryCollection query, out string problem)
    {
        ArgumentNullException.ThrowIfNull(query);
        problem = string.Empty;
        var range = ActivityRange.Find(query["range"].ToString());
        var agent = query["agent"].ToString().Trim();
        var service = Blank(query["service"].ToString());
        var outcome = Blank(query["outcome"].ToString());
        var protocol = Blank(query["protocol"].ToString());
        var plane = Blank(query["plane"].ToString());
        var offsetText = query["offset"].ToString();
        var offset = 0;
        if (range is null)
        {
            problem = "Choose a range: last hour, last 24 hours or last 7 days.";
        }
        else if (agent.Length > MaxAgentLength)
        {
            problem = $"The agent filter is at most {MaxAgentLength} characters.";
        }
        else if (service is not null && !InputRules.IsSlug(service))
        {
            problem = "The service filter must be a service slug, such as openai.";
        }
        else if (outcome is not null && !UsageEventRules.IsOutcome(outcome))
        {
            problem = "The outcome filter must be success, denied or error.";
        }
        else if (protocol is not null && !UsageEventRules.IsProtocol(protocol))
        {
            problem = "The protocol filter must be http or mcp.";
        }
        else if (plane is not null && !Planes.Contains(plane))
        {
            problem = "The data plane filter must be gateway or vault.";
        }
        else if (offsetText.Length > 0 && (!int.TryParse(offsetText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset > MaxOffset))
        {
            problem = $"The page offset must be a whole number from 0 to {MaxOffset}.";
        }
        return problem.Length > 0 ? null : new ActivityFilter(range!, Blank(agent), service, outcome, offset, protocol, plane);
    }

    /// <summary>This filter's query string (with a leading <c>?</c>) at another offset, for the paging links.</summary>
    public string QueryAt(int offset)
    {
        var parts = new List<string> { "range=" + Range.Key };
        Add(parts, "agent", Agent);
        Add(parts, "service", Service);
        Add(parts, "outcome", Outcome);
        Add(parts, "protocol", Protocol);
        Add(parts, "plane", Plane);
        if (offset > 0)
        {
            parts.Add("offset=" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return "?" + string.Join('&', parts);
    }

    private static void Add(List<string> parts, string name, string? value)
    {
        if (value is not null)
        {
            parts.Add(name + "=" + Uri.EscapeDataString(value));
        }
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
