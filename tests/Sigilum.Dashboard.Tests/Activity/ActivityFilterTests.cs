using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Sigilum.ControlPlane.Dashboard.Activity;

namespace Sigilum.Dashboard.Activity;

/// <summary>Reading the activity filters from the query string; each refused case breaks exactly one rule.</summary>
public sealed class ActivityFilterTests
{
    [Fact]
    public void Parse_Empty_IsTheDefault()
    {
        Assert.Equal(ActivityFilter.Default, ActivityFilter.Parse(Query(), out _));
    }

    [Fact]
    public void Parse_AllFields_ReadsThemTrimmed()
    {
        var filter = ActivityFilter.Parse(Query(("range", "7d"), ("agent", "  Bot "), ("service", "openai"), ("outcome", "denied"), ("offset", "50")), out _);

        Assert.Equal(new ActivityFilter(ActivityRange.LastWeek, "Bot", "openai", "denied", 50), filter);
        Assert.True(filter!.Narrowed);
    }

    [Theory]
    [InlineData("range", "2h", "range")]
    [InlineData("outcome", "forbidden", "outcome")]
    [InlineData("service", "Not A Slug", "service")]
    [InlineData("offset", "-1", "offset")]
    [InlineData("offset", "10001", "offset")]
    [InlineData("offset", "ten", "offset")]
    [InlineData("protocol", "grpc", "protocol")]
    public void Parse_InvalidField_RefusedNamingIt(string name, string value, string named)
    {
        Assert.Null(ActivityFilter.Parse(Query((name, value)), out var problem));
        Assert.Contains(named, problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_Protocol_NarrowsAndIsKeptWhenPaging()
    {
        var filter = ActivityFilter.Parse(Query(("protocol", "mcp")), out _);

        Assert.Equal(ActivityFilter.Default with { Protocol = "mcp" }, filter);
        Assert.True(filter!.Narrowed);
        Assert.Equal("?range=24h&protocol=mcp&offset=50", filter.QueryAt(50));
    }

    [Fact]
    public void Parse_AgentTooLong_Refused()
    {
        Assert.Null(ActivityFilter.Parse(Query(("agent", new string('a', ActivityFilter.MaxAgentLength + 1))), out var problem));
        Assert.Contains("agent", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void QueryAt_Filter_KeepsFiltersEscapedAndSetsOffset()
    {
        var filter = new ActivityFilter(ActivityRange.LastHour, "a&b c", null, "error", 0);

        Assert.Equal("?range=1h&agent=a%26b%20c&outcome=error&offset=100", filter.QueryAt(100));
        Assert.Equal("?range=1h&agent=a%26b%20c&outcome=error", filter.QueryAt(0));
    }

    private static QueryCollection Query(params (string Name, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Name, p => new StringValues(p.Value)));
}
