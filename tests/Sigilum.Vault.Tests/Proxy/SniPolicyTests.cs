using Sigilum.Vault.Egress;

namespace Sigilum.Vault.Proxy;

/// <summary>PRX-07 pinned: case is canonicalised as for the CONNECT host; a trailing dot, an IP or no SNI for a named host is refused.</summary>
public sealed class SniPolicyTests
{
    private static TargetAuthority Parse(string text) => TargetAuthority.TryParse(text, null, out var authority) ? authority : throw new InvalidOperationException(text);

    [Theory]
    [InlineData("api.example.com:443", "api.example.com")]
    [InlineData("api.example.com:443", "API.EXAMPLE.COM")]
    [InlineData("API.Example.com:443", "api.Example.COM")]
    [InlineData("10.0.0.1:443", null)]
    [InlineData("10.0.0.1:443", "")]
    [InlineData("10.0.0.1:443", "10.0.0.1")]
    public void PRX_07_SniNamingTheConnectHost_Accepted(string connect, string? sni) =>
        Assert.True(SniPolicy.Matches(sni, Parse(connect)));

    [Theory]
    [InlineData("api.example.com:443", null)]
    [InlineData("api.example.com:443", "")]
    [InlineData("api.example.com:443", "93.184.216.34")]
    [InlineData("api.example.com:443", "api.example.com.")]
    [InlineData("api.example.com:443", "API.EXAMPLE.COM.")]
    [InlineData("api.example.com:443", "evil.example.com")]
    [InlineData("api.example.com:443", "api.example.com.evil.example")]
    [InlineData("10.0.0.1:443", "10.0.0.2")]
    [InlineData("10.0.0.1:443", "api.example.com")]
    public void PRX_07_SniAbsentIpTrailingDotOrOtherName_Refused(string connect, string? sni) =>
        Assert.False(SniPolicy.Matches(sni, Parse(connect)));
}
