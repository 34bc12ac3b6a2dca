using Sigilum.Core.Services;

namespace Sigilum.ControlPlane.Attestations;

public sealed class ServiceHostMatcherTests
{
    [Theory]
    [InlineData("api.openai.com", "https://api.openai.com/v1", true)]
    [InlineData("API.OpenAI.com", "https://api.openai.com/v1", true)]
    [InlineData("api.openai.com", "https://api.openai.com:8443/v1", true)]
    [InlineData("api.openai.com", "https://openai.com/", false)]
    [InlineData("api.openai.com", "https://api.openai.com.evil.example/", false)]
    [InlineData("api.openai.com:443", "https://api.openai.com/", true)]
    [InlineData("api.openai.com:443", "http://api.openai.com/", false)]
    [InlineData("api.openai.com:8443", "https://api.openai.com:8443/", true)]
    [InlineData("*.slack.com", "https://hooks.slack.com/", true)]
    [InlineData("*.slack.com", "https://a.b.slack.com/", true)]
    [InlineData("*.slack.com", "https://slack.com/", false)]
    [InlineData("*.slack.com", "https://evilslack.com/", false)]
    [InlineData("*.slack.com:443", "https://hooks.slack.com:444/", false)]
    [InlineData("bücher.example", "https://xn--bcher-kva.example/", true)]
    [InlineData("127.0.0.1:8080", "http://127.0.0.1:8080/", true)]
    [InlineData("[::1]:8080", "http://[::1]:8080/", true)]
    [InlineData("[::1]", "http://[::1]:9000/", true)]
    public void Match_Pattern_MatchesOnlyItsHosts(string pattern, string url, bool expected)
    {
        var matches = ServiceHostMatcher.Match([Service("svc", pattern)], new Uri(url));

        Assert.Equal(expected, matches.Count == 1);
    }

    [Fact]
    public void Match_ExactAndWildcard_ExactWins()
    {
        var matches = ServiceHostMatcher.Match([Service("wild", "*.openai.com"), Service("exact", "api.openai.com")], new Uri("https://api.openai.com/"));

        Assert.Equal("exact", Assert.Single(matches).Slug);
    }

    [Fact]
    public void Match_TwoWildcards_LongerSuffixWins()
    {
        var matches = ServiceHostMatcher.Match([Service("broad", "*.example.com"), Service("narrow", "*.eu.example.com")], new Uri("https://api.eu.example.com/"));

        Assert.Equal("narrow", Assert.Single(matches).Slug);
    }

    [Fact]
    public void Match_TwoEquallySpecific_ReturnsBothBySlug()
    {
        var matches = ServiceHostMatcher.Match([Service("b", "api.openai.com"), Service("a", "api.openai.com")], new Uri("https://api.openai.com/"));

        Assert.Equal(["a", "b"], matches.Select(s => s.Slug));
    }

    private static ServiceRecord Service(string slug, params string[] hosts) => new()
    {
        Id = "svc_" + slug, Namespace = "alice", Slug = slug, Name = slug, UpstreamHosts = hosts,
        CreatedAt = AttestationFixture.Start, UpdatedAt = AttestationFixture.Start,
    };
}
