namespace Sigilum.Vault.Egress;

public sealed class TargetAuthorityTests
{
    [Theory]
    [InlineData("api.example.com:443", "api.example.com", 443)]
    [InlineData("API.Example.com:8443", "api.example.com", 8443)]
    [InlineData("10.0.0.1:443", "10.0.0.1", 443)]
    [InlineData("[::1]:443", "::1", 443)]
    public void TryParse_Canonical_Accepted(string text, string host, int port)
    {
        Assert.True(TargetAuthority.TryParse(text, null, out var authority));
        Assert.Equal(host, authority.Host);
        Assert.Equal(port, authority.Port);
    }

    [Theory]
    [InlineData("api.example.com")]
    [InlineData("api.example.com:")]
    [InlineData("api.example.com:0443")]
    [InlineData("api.example.com.:443")]
    [InlineData("2130706433:443")]
    [InlineData("0177.0.0.1:443")]
    [InlineData("0x7f.0.0.1:443")]
    [InlineData("127.1:443")]
    [InlineData("[fe80::1%eth0]:443")]
    [InlineData("user@api.example.com:443")]
    [InlineData("api_example.com:443")]
    [InlineData("-api.example.com:443")]
    public void PRX_03_TryParseAmbiguousOrMalformed_Refused(string text) =>
        Assert.False(TargetAuthority.TryParse(text, null, out _));

    [Fact]
    public void ToUrlAuthority_DefaultPort_Omitted()
    {
        Assert.True(TargetAuthority.TryParse("api.example.com:443", null, out var authority));
        Assert.Equal("api.example.com", authority.ToUrlAuthority("https"));
        Assert.Equal("api.example.com:443", authority.ToUrlAuthority("http"));
    }
}
