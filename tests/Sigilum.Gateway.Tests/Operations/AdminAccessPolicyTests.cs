using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Sigilum.Protocol.Errors;

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
    // Loopback: only loopback clients; they may read, but an operator route also needs the token.
    [InlineData("Loopback", true, Credential.None, AdminRouteAccess.LoopbackRead, null)]
    [InlineData("Loopback", true, Credential.Wrong, AdminRouteAccess.LoopbackRead, null)]
    [InlineData("Loopback", true, Credential.RightHeader, AdminRouteAccess.Operator, null)]
    [InlineData("Loopback", true, Credential.None, AdminRouteAccess.Operator, ErrorCatalogue.AdminTokenRequired)]
    [InlineData("Loopback", true, Credential.Wrong, AdminRouteAccess.Operator, ErrorCatalogue.AdminTokenRequired)]
    [InlineData("Loopback", false, Credential.None, AdminRouteAccess.LoopbackRead, ErrorCatalogue.AdminLoopbackRequired)]
    [InlineData("Loopback", false, Credential.RightHeader, AdminRouteAccess.Operator, ErrorCatalogue.AdminLoopbackRequired)]
    // Token: only the token counts, for reads too; loopback does not help.
    [InlineData("Token", false, Credential.RightHeader, AdminRouteAccess.Operator, null)]
    [InlineData("Token", false, Credential.RightBearer, AdminRouteAccess.LoopbackRead, null)]
    [InlineData("Token", true, Credential.Wrong, AdminRouteAccess.LoopbackRead, ErrorCatalogue.AdminTokenRequired)]
    [InlineData("Token", true, Credential.None, AdminRouteAccess.LoopbackRead, ErrorCatalogue.AdminTokenRequired)]
    [InlineData("Token", true, Credential.None, AdminRouteAccess.Operator, ErrorCatalogue.AdminTokenRequired)]
    // Hybrid: reads by token or loopback; operator routes by token only.
    [InlineData("Hybrid", false, Credential.RightHeader, AdminRouteAccess.Operator, null)]
    [InlineData("Hybrid", false, Credential.RightBearer, AdminRouteAccess.LoopbackRead, null)]
    [InlineData("Hybrid", true, Credential.None, AdminRouteAccess.LoopbackRead, null)]
    [InlineData("Hybrid", true, Credential.Wrong, AdminRouteAccess.LoopbackRead, null)]
    [InlineData("Hybrid", true, Credential.None, AdminRouteAccess.Operator, ErrorCatalogue.AdminTokenRequired)]
    [InlineData("Hybrid", true, Credential.Wrong, AdminRouteAccess.Operator, ErrorCatalogue.AdminTokenRequired)]
    [InlineData("Hybrid", false, Credential.Wrong, AdminRouteAccess.LoopbackRead, ErrorCatalogue.AdminTokenOrLoopbackRequired)]
    [InlineData("Hybrid", false, Credential.None, AdminRouteAccess.LoopbackRead, ErrorCatalogue.AdminTokenOrLoopbackRequired)]
    [InlineData("Hybrid", false, Credential.None, AdminRouteAccess.Operator, ErrorCatalogue.AdminTokenRequired)]
    public void Evaluate_ModeClientCredentialAndRoute_GrantedOrDeniedWithCode(string mode, bool loopback, Credential credential, object access, string? expectedCode)
    {
        var policy = Policy(new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = Token });
        var context = Context(loopback ? IPAddress.Loopback : Remote, credential);

        // object: the route kind is internal, and a public theory cannot take it as its own type.
        var decision = policy.Evaluate(context, (AdminRouteAccess)access);

        Assert.Equal(expectedCode is null, decision.Granted);
        if (expectedCode is not null)
        {
            Assert.Equal(expectedCode, decision.Error!.Code);
            Assert.Equal(StatusCodes.Status403Forbidden, decision.Error.Status);
            Assert.Equal(expectedCode, decision.ReasonCode);
        }
    }

    [Theory]
    [InlineData("Loopback")]
    [InlineData("Token")]
    [InlineData("Hybrid")]
    public void Evaluate_LoopbackClientWithoutToken_OperatorRouteRefusedInEveryMode(string mode)
    {
        // The agent next door (issue #12): a local process is not the operator, whatever the mode.
        var decision = Policy(new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = Token }).Evaluate(Context(IPAddress.Loopback, Credential.None), AdminRouteAccess.Operator);

        Assert.False(decision.Granted);
        Assert.Equal(ErrorCatalogue.AdminTokenRequired, decision.Error!.Code);
    }

    [Fact]
    public void Evaluate_TokenGrant_ViaToken()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token }).Evaluate(Context(Remote, Credential.RightHeader), AdminRouteAccess.Operator);

        Assert.Equal(("token", "token_valid"), (decision.Via, decision.ReasonCode));
    }

    [Fact]
    public void Evaluate_LoopbackGrant_ViaLoopback()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid }).Evaluate(Context(IPAddress.Loopback, Credential.None), AdminRouteAccess.LoopbackRead);

        Assert.Equal(("loopback", "loopback_client"), (decision.Via, decision.ReasonCode));
    }

    [Fact]
    public void Evaluate_OperatorRouteWithoutAnyTokenConfigured_500NotConfigured()
    {
        // The host always has a token (configured or generated); the gate still fails closed if it is ever built without one.
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid }).Evaluate(Context(IPAddress.Loopback, Credential.RightHeader), AdminRouteAccess.Operator);

        Assert.False(decision.Granted);
        Assert.Equal(ErrorCatalogue.AdminTokenNotConfigured, decision.Error!.Code);
        Assert.Equal(StatusCodes.Status500InternalServerError, decision.Error.Status);
    }

    [Fact]
    public void Evaluate_HybridWithoutConfiguredToken_PresentedTokenIgnored()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid }).Evaluate(Context(Remote, Credential.RightHeader), AdminRouteAccess.LoopbackRead);

        Assert.Equal(ErrorCatalogue.AdminTokenOrLoopbackRequired, decision.Error!.Code);
    }

    [Theory]
    [InlineData("Loopback", ErrorCatalogue.AdminHostNotAllowed)]
    [InlineData("Hybrid", ErrorCatalogue.AdminHostNotAllowed)]
    public void ADM_02_Evaluate_LoopbackClientWithForeignHost_DeniedAsDnsRebinding(string mode, string code)
    {
        var context = Context(IPAddress.Loopback, Credential.None);
        context.Request.Host = new HostString("attacker.example", 38100);

        var decision = Policy(new AdminAccessOptions { Mode = Enum.Parse<AdminAccessMode>(mode), Token = Token }).Evaluate(context, AdminRouteAccess.LoopbackRead);

        Assert.Equal(code, decision.Error!.Code);
        Assert.Equal("host", decision.Via);
    }

    [Fact]
    public void Evaluate_ForeignHostWithRightToken_GrantedByToken()
    {
        var context = Context(IPAddress.Loopback, Credential.RightHeader);
        context.Request.Host = new HostString("gateway.internal.example");

        Assert.True(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token }).Evaluate(context, AdminRouteAccess.Operator).Granted);
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

        Assert.True(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Loopback, AllowedHosts = ["gw.test"] }).Evaluate(context, AdminRouteAccess.LoopbackRead).Granted);
    }

    [Fact]
    public void Evaluate_InsecureOpenAdmin_RemoteClientWithoutTokenGrantedOperatorRoute()
    {
        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token, InsecureOpenAdmin = true }).Evaluate(Context(Remote, Credential.None), AdminRouteAccess.Operator);

        Assert.True(decision.Granted);
        Assert.Equal(("insecure", "insecure_open_admin"), (decision.Via, decision.ReasonCode));
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:5001")]
    public void ADM_03_Evaluate_ForeignOrigin_DeniedEvenWhenOtherwiseGranted(string origin)
    {
        var context = Context(IPAddress.Loopback, Credential.RightHeader);
        context.Request.Headers.Origin = origin;

        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token, InsecureOpenAdmin = true }).Evaluate(context, AdminRouteAccess.Operator);

        Assert.Equal(ErrorCatalogue.AdminOriginNotAllowed, decision.Error!.Code);
    }

    [Fact]
    public void Evaluate_AllowedOrigin_Granted()
    {
        var context = Context(IPAddress.Loopback, Credential.None);
        context.Request.Headers.Origin = "http://127.0.0.1:8787";

        Assert.True(Policy(new AdminAccessOptions()).Evaluate(context, AdminRouteAccess.LoopbackRead).Granted);
    }

    [Fact]
    public void Evaluate_TokenHeaderSentTwice_NotAToken()
    {
        var context = Context(Remote, Credential.None);
        context.Request.Headers[AdminAccessPolicy.TokenHeader] = new Microsoft.Extensions.Primitives.StringValues([Token, Token]);

        Assert.False(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token }).Evaluate(context, AdminRouteAccess.Operator).Granted);
    }

    [Fact]
    public void Evaluate_WrongTokenInHeaderRightInBearer_HeaderWins()
    {
        var context = Context(Remote, Credential.RightBearer);
        context.Request.Headers[AdminAccessPolicy.TokenHeader] = "wrong";

        Assert.False(Policy(new AdminAccessOptions { Mode = AdminAccessMode.Token, Token = Token }).Evaluate(context, AdminRouteAccess.Operator).Granted);
    }

    [Fact]
    public void ADM_04_Evaluate_TokenInQueryString_Ignored()
    {
        // Loopback client, operator route, the right token — but in the URL, where logs and history keep it.
        var context = Context(IPAddress.Loopback, Credential.None);
        context.Request.QueryString = new QueryString("?token=" + Token + "&admin_token=" + Token + "&X-Sigilum-Admin-Token=" + Token);

        var decision = Policy(new AdminAccessOptions { Mode = AdminAccessMode.Hybrid, Token = Token }).Evaluate(context, AdminRouteAccess.Operator);

        Assert.Equal(ErrorCatalogue.AdminTokenRequired, decision.Error!.Code);
    }

    [Fact]
    public void ADM_01_Evaluate_SpoofedForwardedForFromUntrustedPeer_StillRemote()
    {
        var context = Context(Remote, Credential.None);
        context.Request.Headers["X-Forwarded-For"] = "127.0.0.1";
        context.Request.Headers["X-Real-IP"] = "127.0.0.1";

        Assert.Equal(ErrorCatalogue.AdminLoopbackRequired, Policy(new AdminAccessOptions { Mode = AdminAccessMode.Loopback }).Evaluate(context, AdminRouteAccess.LoopbackRead).Error!.Code);
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
    public void ADM_04_AdminToken_Constructed_KeepsOnlyTheSha256DigestForFixedTimeCompare()
    {
        // The gate compares SHA-256 digests with FixedTimeEquals; the plaintext is never stored to compare with.
        var token = new AdminToken(Token);
        var fields = typeof(AdminToken).GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

        var field = Assert.Single(fields);
        Assert.Equal(typeof(byte[]), field.FieldType);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Token)), (byte[])field.GetValue(token)!);
    }

    [Fact]
    public void ADM_04_Evaluate_WrongTokensOverTheLimit_429WithoutCheckingEvenTheRightToken()
    {
        var clock = new Sigilum.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        var policy = new AdminAccessPolicy(new AdminAccessOptions { Token = Token }, new AdminCorsPolicy(OperationsOptions.DefaultAllowedOrigins), clock);
        for (var i = 0; i <= AdminTokenFailures.MaxFailures; i++)
        {
            Assert.Equal(ErrorCatalogue.AdminTokenRequired, policy.Evaluate(Context(IPAddress.Loopback, Credential.Wrong), AdminRouteAccess.Operator).Error!.Code);
        }

        // Locked: the right token is not even compared, so a lucky guess looks like any other.
        var locked = policy.Evaluate(Context(IPAddress.Loopback, Credential.RightHeader), AdminRouteAccess.Operator);
        Assert.Equal(ErrorCatalogue.AdminRateLimited, locked.Error!.Code);
        Assert.Equal(StatusCodes.Status429TooManyRequests, locked.Error.Status);
        Assert.Equal(60, locked.RetryAfterSeconds);
        // Another address is not locked, and a request that tries no token still reads.
        Assert.True(policy.Evaluate(Context(Remote, Credential.RightHeader), AdminRouteAccess.Operator).Granted);
        Assert.True(policy.Evaluate(Context(IPAddress.Loopback, Credential.None), AdminRouteAccess.LoopbackRead).Granted);

        clock.Advance(AdminTokenFailures.Window + TimeSpan.FromSeconds(1));
        Assert.True(policy.Evaluate(Context(IPAddress.Loopback, Credential.RightHeader), AdminRouteAccess.Operator).Granted);
    }

    [Fact]
    public void Evaluate_WrongTokensUpToTheLimit_NotLocked()
    {
        var clock = new Sigilum.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero));
        var policy = new AdminAccessPolicy(new AdminAccessOptions { Token = Token }, new AdminCorsPolicy(OperationsOptions.DefaultAllowedOrigins), clock);
        for (var i = 0; i < AdminTokenFailures.MaxFailures; i++)
        {
            policy.Evaluate(Context(IPAddress.Loopback, Credential.Wrong), AdminRouteAccess.Operator);
        }

        Assert.True(policy.Evaluate(Context(IPAddress.Loopback, Credential.RightHeader), AdminRouteAccess.Operator).Granted);
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
