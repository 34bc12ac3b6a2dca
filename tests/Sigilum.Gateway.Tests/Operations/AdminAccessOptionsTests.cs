namespace Sigilum.Gateway.Operations;

public sealed class AdminAccessOptionsTests
{
    [Fact]
    public void Defaults_HybridNotOpen()
    {
        var options = new AdminAccessOptions();

        Assert.Equal(AdminAccessMode.Hybrid, options.Mode);
        Assert.False(options.InsecureOpenAdmin);
        Assert.Null(options.RequireAdminChecks);
        Assert.Empty(options.TrustedProxyCidrs);
        Assert.Null(Record.Exception(options.Validate));
    }

    [Fact]
    public void Validate_TokenModeWithoutConfiguredToken_Passes()
    {
        // The gateway generates admin.token on first start, so token mode needs no GATEWAY_ADMIN_TOKEN (ADR 0020).
        Assert.Null(Record.Exception(new AdminAccessOptions { Mode = AdminAccessMode.Token }.Validate));
    }

    [Fact]
    public void Validate_RemovedRequireAdminChecksFalse_RefusesNamingTheInsecureSwitch()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new AdminAccessOptions { RequireAdminChecks = false }.Validate());

        Assert.Contains("GATEWAY_REQUIRE_SIGNED_ADMIN_CHECKS=false was removed", error.Message, StringComparison.Ordinal);
        Assert.Contains("GATEWAY_INSECURE_OPEN_ADMIN=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RemovedRequireAdminChecksTrue_Passes()
    {
        Assert.Null(Record.Exception(new AdminAccessOptions { RequireAdminChecks = true }.Validate));
    }

    [Fact]
    public void ADM_04_Validate_ShortToken_ThrowsWithoutEchoingIt()
    {
        const string Weak = "hunter2-weak";
        var error = Assert.Throws<InvalidOperationException>(() => new AdminAccessOptions { Token = Weak }.Validate());

        Assert.DoesNotContain(Weak, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenWithSpace_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new AdminAccessOptions { Token = OperationsHost.TestToken[..^1] + " " }.Validate());
    }

    [Fact]
    public void Validate_TokenModeWithStrongToken_Passes()
    {
        Assert.Null(Record.Exception(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = OperationsHost.TestToken }.Validate));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.local")]
    [InlineData("::1/129")]
    [InlineData("")]
    public void Validate_BadTrustedProxy_Throws(string cidr)
    {
        Assert.Throws<InvalidOperationException>(() => new AdminAccessOptions { TrustedProxyCidrs = [cidr] }.Validate());
    }

    [Fact]
    public void ParseTrustedProxies_BareAddressesAndHostBits_Networks()
    {
        var networks = new AdminAccessOptions { TrustedProxyCidrs = ["10.0.0.1/8", "192.0.2.7", "2001:db8::1"] }.ParseTrustedProxies();

        Assert.Equal(["10.0.0.0/8", "192.0.2.7/32", "2001:db8::1/128"], networks.Select(n => n.ToString()));
    }

    [Fact]
    public void Validate_HostWithPort_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new AdminAccessOptions { AllowedHosts = ["gw.test:38100"] }.Validate());
    }

    [Theory]
    [InlineData("http://127.0.0.1:3000/path")]
    [InlineData("http://127.0.0.1:3000?x=1")]
    [InlineData("*")]
    [InlineData("null")]
    [InlineData("ftp://127.0.0.1")]
    public void OperationsOptionsValidate_NotBareOrigin_Throws(string origin)
    {
        Assert.Throws<InvalidOperationException>(new OperationsOptions { AllowedOrigins = [origin] }.Validate);
    }

    [Fact]
    public void OperationsOptionsValidate_TrailingSlash_Accepted()
    {
        Assert.Null(Record.Exception(new OperationsOptions { AllowedOrigins = ["http://127.0.0.1:3000/"] }.Validate));
    }
}
