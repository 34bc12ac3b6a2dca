using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Dids;

public sealed class SigilumDidTests
{
    [Fact]
    public void Parse_ValidDid_ReturnsNamespace()
    {
        var did = SigilumDid.Parse("did:sigilum:acme-team").Value!;

        Assert.Equal("acme-team", did.Namespace);
        Assert.Equal("did:sigilum:acme-team", did.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("did:sigilum:")]
    [InlineData("did:sigilum:ab")]
    [InlineData("did:sigilum:Acme")]
    [InlineData("did:sigilum:-acme")]
    [InlineData("did:sigilum:acme-")]
    [InlineData("did:sigilum:acme_team")]
    [InlineData("did:sigilum:acme ")]
    [InlineData("DID:SIGILUM:acme")]
    [InlineData("did:key:acme")]
    [InlineData("did:sigilum:acme#frag")]
    public void Parse_NotStrictSigilumDid_FailsInvalid(string? text)
    {
        Assert.Equal(ErrorCatalogue.DidSigilumInvalid, SigilumDid.Parse(text).Error?.Code);
    }

    [Theory]
    [InlineData("did:sigilum:Acme-Team", "acme-team")]
    [InlineData("  did:sigilum:ACME  ", "acme")]
    [InlineData("did:sigilum:acme", "acme")]
    public void ParseNormalizing_UpperCaseOrPadded_Normalises(string input, string expected)
    {
        var result = SigilumDid.ParseNormalizing(input);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(expected, result.Value.Namespace);
        Assert.Equal(SigilumDid.Parse("did:sigilum:" + expected).Value, result.Value);
    }

    [Theory]
    [InlineData("did:sigilum: acme")]
    [InlineData("did:sigilum:\u212Acme")]    // Kelvin sign lower-cases to ASCII 'k'
    [InlineData("did:sigilum:\u0130stanbul")]
    [InlineData("Did:sigilum:acme")]
    [InlineData("did:sigilum:a")]
    public void ParseNormalizing_LookAlikeOrInvalid_FailsInvalid(string input)
    {
        Assert.Equal(ErrorCatalogue.DidSigilumInvalid, SigilumDid.ParseNormalizing(input).Error?.Code);
    }

    [Fact]
    public void KeyId_MatchesAgentKeysDerivation()
    {
        var did = SigilumDid.FromNamespace("fixture-alice").Value!;
        var key = Keys.Rfc8032Vectors.Test1.PublicKeyBytes;

        Assert.Equal(Identity.AgentKeys.KeyId("did:sigilum:fixture-alice", key), did.KeyId(key));
        Assert.StartsWith("did:sigilum:fixture-alice#ed25519-", did.KeyId(key));
    }
}
