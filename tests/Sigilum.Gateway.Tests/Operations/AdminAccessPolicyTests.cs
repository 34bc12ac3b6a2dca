using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Operations;

/// <summary>Each mode × (loopback, right token, wrong token, none), decided over a plain HttpContext.</summary>
public sealed class AdminAccessPolicyTests
{
    private const string Token = OperationsHost.TestToken;
    private static readonly IPAddress Remote = IPAddress.Parse("203.0.113.9");

    public enum Credential
    {
        None,
        RightHeader,
        RightBearer,
        Wrong,
    }

    [Theory]
    // Loopback: only the client address (and the Host) count; tokens neither help nor hurt.
    [InlineData("Loopback", true, Credential.None, null)]
    [InlineData("Loopback", true, Credential.Wrong, null)]
    [InlineData("Loopback", false, Credential.None, GatewayErrorCodes.AdminLoopbackRequired)]
    [InlineData("Loopback", false, Credential.RightHeader, GatewayErrorCodes.AdminLoopbackRequired)]
    // Token: only the token counts; loopback does not help.
    [InlineData("Token", false, Credential.RightHeader, null)]
    [InlineData("Token", false, Credential.RightBearer, null)]
    [InlineData("Token", true, Credential.Wrong, GatewayErrorCodes.AdminTokenRequired)]
    [InlineData("Token", true, Credential.None, GatewayErrorCodes.AdminTokenRequired)]
    // Hybrid: either.
    [InlineData("Hybrid", false, Credential.RightHeader, null)]
    [InlineData("Hybrid", false, Credential.RightBearer, null)]
    [InlineData("Hybrid", true, Credential.None, null)]
    [InlineData("Hybrid", true, Credential.Wrong, null)]
    [InlineData("Hybrid", false, Credential.Wrong, GatewayErrorCodes.AdminTokenOrLoopbackRequired)]
    [InlineData("Hybrid", false, Credential.None, GatewayErrorCodes.AdminTokenOrLoopbackRequired)]
    public void Evaluate_ModeClientAndCredential_GrantedOrDeniedWithCode(string mode, bool loopback, Credential credential, string? expectedCode)
    {
        var policy = Policy(new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = Token });
        var context = Context(loopback ? IPAddress.Loopback : Remote, credential);

        var decision = policy.Evaluate(context);

        Assert.Equal(expectedCode is null, decision.Granted);
        if (expectedCode is not null)
        {
            Assert.Equal(expectedCode, decision.Error!.Code);
            Assert.Equal(StatusCodes.Status403Forbidden, decision.Error.Status);
            Assert.Equal(expectedCode, decision.ReasonCode);
        }
    }

    [Fact]
    public void Evaluate_TokenGrant_ViaToken()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token }).Evaluate(Context(Remote, Credential.RightHeader));

        Assert.Equal(("token", "token_valid"), (decision.Via, decision.ReasonCode));
    }

    [Fact]
    public void Evaluate_LoopbackGrant_ViaLoopback()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid }).Evaluate(Context(IPAddress.Loopback, Credential.None));

        Assert.Equal(("loopback", "loopback_client"), (decision.Via, decision.ReasonCode));
    }

    [Fact]
    public void Evaluate_TokenModeWithoutToken_500NotConfigured()
    {
        // Validate() refuses this at start; the gate still fails closed if it is ever constructed.
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token }).Evaluate(Context(IPAddress.Loopback, Credential.RightHeader));

        Assert.False(decision.Granted);
        Assert.Equal(GatewayErrorCodes.AdminTokenNotConfigured, decision.Error!.Code);
        Assert.Equal(StatusCodes.Status500InternalServerError, decision.Error.Status);
    }

    [Fact]
    public void Evaluate_HybridWithoutConfiguredToken_PresentedTokenIgnored()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid }).Evaluate(Context(Remote, Credential.RightHeader));

        Assert.Equal(GatewayErrorCodes.AdminTokenOrLoopbackRequired, decision.Error!.Code);
    }

    [Theory]
    [InlineData("Loopback", GatewayErrorCodes.AdminHostNotAllowed)]
    [InlineData("Hybrid", GatewayErrorCodes.AdminHostNotAllowed)]
    public void Evaluate_LoopbackClientWithForeignHost_DeniedAsDnsRebinding(string mode, string code)
    {
        var context = Context(IPAddress.Loopback, Credential.None);
        context.Request.Host = new HostString("attacker.example", 38100);

        var decision = Policy(new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = Token }).Evaluate(context);

        Assert.Equal(code, decision.Error!.Code);
        Assert.Equal("host", decision.Via);
    }

    [Fact]
    public void Evaluate_ForeignHostWithRightToken_GrantedByToken()
    {
        var context = Context(IPAddress.Loopback, Credential.RightHeader);
        context.Request.Host = new HostString("gateway.internal.example");

        Assert.True(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token }).Evaluate(context).Granted);
    }

    [Theory]
    [InlineData("localhost:38100")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1:38100")]
    [InlineData("127.8.9.10")]
    [InlineData("[::1]:38100")]
    [InlineData("gw.test")]
    public void Evaluate_LoopbackHostNamesAndConfiguredHost_Granted(string host)
    {
        var context = Context(IPAddress.Loopback, Credential.None);
        context.Request.Host = HostString.FromUriComponent(host);

        Assert.True(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Loopback, AllowedHosts = ["gw.test"] }).Evaluate(context).Granted);
    }

    [Fact]
    public void Evaluate_ChecksDisabled_RemoteClientGranted()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token, RequireAdminChecks = false }).Evaluate(Context(Remote, Credential.None));

        Assert.True(decision.Granted);
        Assert.Equal("disabled", decision.Via);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:5001")]
    public void Evaluate_ForeignOrigin_DeniedEvenWhenOtherwiseGranted(string origin)
    {
        var context = Context(IPAddress.Loopback, Credential.RightHeader);
        context.Request.Headers.Origin = origin;

        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token, RequireAdminChecks = false }).Evaluate(context);

        Assert.Equal(GatewayErrorCodes.AdminOriginNotAllowed, decision.Error!.Code);
    }

    [Fact]
    public void Evaluate_AllowedOrigin_Granted()
    {
        var context = Context(IPAddress.Loopback, Credential.None);
        context.Request.Headers.Origin = "http://127.0.0.1:8787";

        Assert.True(Policy(new AdminAccessOptions()).Evaluate(context).Granted);
    }

    [Fact]
    public void Evaluate_TokenHeaderSentTwice_NotAToken()
    {
        var context = Context(Remote, Credential.None);
        context.Request.Headers[AdminAccessPolicy.TokenHeader] = new Microsoft.Extensions.Primitives.StringValues([Token, Token]);

        Assert.False(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token }).Evaluate(context).Granted);
    }

    [Fact]
    public void Evaluate_WrongTokenInHeaderRightInBearer_HeaderWins()
    {
        var context = Context(Remote, Credential.RightBearer);
        context.Request.Headers[AdminAccessPolicy.TokenHeader] = "wrong";

        Assert.False(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token }).Evaluate(context).Granted);
    }

    [Fact]
    public void Evaluate_TokenInQueryString_Ignored()
    {
        var context = Context(Remote, Credential.None);
        context.Request.QueryString = new QueryString("?token=" + Token + "&admin_token=" + Token);

        Assert.False(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token }).Evaluate(context).Granted);
    }

    [Fact]
    public void Evaluate_SpoofedForwardedForFromUntrustedPeer_StillRemote()
    {
        var context = Context(Remote, Credential.None);
        context.Request.Headers["X-Forwarded-For"] = "127.0.0.1";
        context.Request.Headers["X-Real-IP"] = "127.0.0.1";

        Assert.Equal(GatewayErrorCodes.AdminLoopbackRequired, Policy(new AdminAccessOptions { Mode = AdminAccessMode.Loopback }).Evaluate(context).Error!.Code);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdeX")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("")]
    public void AdminToken_NearMisses_DoNotMatch(string presented)
    {
        Assert.False(new AdminToken(Token).Matches(presented));
        Assert.True(new AdminToken(Token).Matches(Token));
    }

    [Fact]
    public void AdminToken_Constructed_KeepsOnlyTheSha256Digest()
    {
        // The gate compares SHA-256 digests with FixedTimeEquals; the plaintext is never stored to compare with.
        var token = new AdminToken(Token);
        var fields = typeof(AdminToken).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        var field = Assert.Single(fields);
        Assert.Equal(typeof(byte[]), field.FieldType);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Token)), (byte[])field.GetValue(token)!);
    }

    private static AdminAccessPolicy Policy(AdminAccessOptions options) => new(options, new AdminCorsPolicy(OperationsOptions.DefaultAllowedOrigins));

    private static DefaultHttpContext Context(IPAddress client, Credential credential)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = client;
        context.Request.Host = new HostString("127.0.0.1", 38100);
        switch (credential)
        {
            case Credential.RightHeader:
                context.Request.Headers[AdminAccessPolicy.TokenHeader] = Token;
                break;
            case Credential.RightBearer:
                context.Request.Headers.Authorization = "Bearer " + Token;
                break;
            case Credential.Wrong:
                context.Request.Headers[AdminAccessPolicy.TokenHeader] = Token[..^1] + "X";
                break;
        }
        return context;
    }
}
