using System.Text.Json.Nodes;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;

namespace Sigilum.Protocol.Attestations;

public sealed class AttestationIssuerTests
{
    private static readonly string IntentHash = HttpIntent.Create("GET", "https://api.example.com/v1").Value!.Commitment.IntentHash;

    private static AttestationDraft Draft => new()
    {
        Issuer = "sigil-core",
        Audience = "sigil-vault",
        IntentHash = IntentHash,
        Subject = "agent-1",
        ExtraClaims = new JsonObject { ["agentId"] = "agent-1", ["framework"] = "agentkit" },
    };

    [Fact]
    public void Issue_ThenValidate_Succeeds()
    {
        var clock = new FakeTimeProvider(AttestationTestKit.Now);
        using var key = JwsTestKit.Key();

        var token = AttestationIssuer.Issue(Draft, key, JwsTestKit.Kid, clock);
        var options = AttestationTestKit.Options(clock) with { ExpectedIntentHash = IntentHash };
        var result = AttestationValidator.VerifyAndValidate(token, JwsTestKit.Keys.Find, options);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(AttestationTestKit.Now + 60, result.Value.ExpiresAt.ToUnixTimeSeconds());
        Assert.Equal(22, result.Value.Jti.Length);   // 16 random bytes, base64url
        Assert.Equal("agentkit", result.Value.Payload.GetProperty("framework").GetString());
    }

    [Fact]
    public void Issue_TwoTokens_HaveDistinctJti()
    {
        var clock = new FakeTimeProvider(AttestationTestKit.Now);
        using var key = JwsTestKit.Key();

        var a = AttestationValidator.VerifyAndValidate(AttestationIssuer.Issue(Draft, key, JwsTestKit.Kid, clock), JwsTestKit.Keys.Find, AttestationTestKit.Options(clock));
        var b = AttestationValidator.VerifyAndValidate(AttestationIssuer.Issue(Draft, key, JwsTestKit.Kid, clock), JwsTestKit.Keys.Find, AttestationTestKit.Options(clock));

        Assert.NotEqual(a.Value!.Jti, b.Value!.Jti);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61_000)]
    [InlineData(1_500)]
    public void Issue_LifetimeOutsideOneToSixtyWholeSeconds_Throws(int milliseconds)
    {
        using var key = JwsTestKit.Key();
        var draft = Draft with { Lifetime = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.Throws<ArgumentException>(() => AttestationIssuer.Issue(draft, key, JwsTestKit.Kid, TimeProvider.System));
    }

    [Fact]
    public void Issue_MalformedIntentHash_Throws()
    {
        using var key = JwsTestKit.Key();

        Assert.Throws<ArgumentException>(() =>
            AttestationIssuer.Issue(Draft with { IntentHash = IntentHash.ToUpperInvariant() }, key, JwsTestKit.Kid, TimeProvider.System));
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("kid")]
    [InlineData("intentHash")]
    public void Issue_ExtraClaimOverridesReserved_Throws(string claim)
    {
        using var key = JwsTestKit.Key();
        var draft = Draft with { ExtraClaims = new JsonObject { [claim] = "x" } };

        Assert.Throws<ArgumentException>(() => AttestationIssuer.Issue(draft, key, JwsTestKit.Kid, TimeProvider.System));
    }
}
