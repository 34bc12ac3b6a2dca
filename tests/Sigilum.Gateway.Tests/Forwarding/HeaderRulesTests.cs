using System.Text;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

public sealed class HeaderRulesTests
{
    private static readonly HashSet<string> None = new(StringComparer.OrdinalIgnoreCase);

    [Theory]
    [InlineData("Connection")]
    [InlineData("keep-alive")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Proxy-Authenticate")]
    [InlineData("Proxy-Connection")]
    public void IsHopByHop_StandardHopHeaders_True(string name) => Assert.True(HeaderRules.IsHopByHop(name, None));

    [Fact]
    public void IsHopByHop_HeaderNamedByConnection_True()
    {
        var named = HeaderRules.ConnectionNamed(["close, X-Custom ,x-other"]);
        Assert.True(HeaderRules.IsHopByHop("x-custom", named));
        Assert.True(HeaderRules.IsHopByHop("X-Other", named));
        Assert.False(HeaderRules.IsHopByHop("X-Third", named));
    }

    [Theory]
    [InlineData("keep-alive")]
    [InlineData(" Keep-Alive , upgrade")]
    [InlineData("TE,,")]
    public void ConnectionNamed_OnlyNamesHopByHopAnyway_SharedEmptySet(string connection)
    {
        var named = HeaderRules.ConnectionNamed([connection]);
        Assert.Same(HeaderRules.NoneNamed, named);
        // The answers are those the names would give if they were in the set.
        Assert.True(HeaderRules.IsHopByHop("Keep-Alive", named));
        Assert.True(HeaderRules.IsHopByHop("upgrade", named));
        Assert.False(HeaderRules.IsHopByHop("X-Custom", named));
    }

    [Fact]
    public void ConnectionNamed_MixedWithHopByHopNames_KeepsTheOthers()
    {
        var named = HeaderRules.ConnectionNamed(["keep-alive, X-Custom", null, "  ", "x-other ,close"]);
        Assert.True(named.SetEquals(["X-Custom", "x-other", "close"]));
        Assert.Equal(3, named.Count);
        Assert.True(HeaderRules.IsHopByHop("x-custom", named));
        Assert.True(HeaderRules.IsHopByHop("Close", named));
        Assert.False(HeaderRules.IsHopByHop("X-Third", named));
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("X-Api-Key")]
    [InlineData("Signature")]
    [InlineData("Signature-Input")]
    [InlineData("Content-Digest")]
    [InlineData("Sigilum-Agent-Cert")]
    [InlineData("X-Forwarded-Proto")]
    [InlineData("Forwarded")]
    [InlineData("Host")]
    [InlineData("X-Injected")]
    public void SIG_26_AgentCredentialForwardingOrInjectedHeader_NotForwarded(string name)
    {
        var injected = new HashSet<string>(["x-injected"], StringComparer.OrdinalIgnoreCase);
        Assert.False(HeaderRules.IsForwardedRequestHeader(name, None, injected));
    }

    [Theory]
    [InlineData("@method")]
    [InlineData("@authority")]
    [InlineData("a b")]
    [InlineData("x(y)")]
    public void SIG_11_FieldNameNotAToken_NotForwarded(string name) =>
        Assert.False(HeaderRules.IsForwardedRequestHeader(name, None, None));

    [Theory]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("X-HTTP-Method")]
    [InlineData("X-Method-Override")]
    public void SIG_24_MethodOverrideHeader_NotForwarded(string name) =>
        Assert.False(HeaderRules.IsForwardedRequestHeader(name, None, None));

    [Theory]
    [InlineData("Accept")]
    [InlineData("Content-Type")]
    [InlineData("User-Agent")]
    [InlineData("traceparent")]
    public void IsForwardedRequestHeader_EndToEnd_True(string name) =>
        Assert.True(HeaderRules.IsForwardedRequestHeader(name, None, None));

    [Fact]
    public void Scrub_ReplacesSecretInEveryValue()
    {
        using var scrubber = new SecretScrubber([Encoding.ASCII.GetBytes("s3cr3t")], EchoMarker.Gateway);

        Assert.Equal(new[] { "a=" + EchoMarker.Gateway, "clean" }, (IEnumerable<string?>)HeaderRules.Scrub(["a=s3cr3t", "clean"], scrubber));
    }

    [Theory]
    [InlineData("trailers", true)]
    [InlineData("gzip, Trailers", true)]
    [InlineData("trailers;q=1", true)]
    [InlineData("gzip", false)]
    [InlineData("", false)]
    public void AcceptsTrailers_TeValues(string te, bool expected) => Assert.Equal(expected, HeaderRules.AcceptsTrailers(te));
}
