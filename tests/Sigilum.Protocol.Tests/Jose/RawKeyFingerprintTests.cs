using System.Security.Cryptography;

namespace Sigilum.Protocol.Jose;

public sealed class RawKeyFingerprintTests
{
    private static readonly byte[] Key = Keys.Rfc8032Vectors.Test1.PublicKeyBytes;

    [Fact]
    public void Compute_RawKey_IsPrefixedLowerHexSha256()
    {
        var fingerprint = RawKeyFingerprint.Compute(Key);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Key)), fingerprint);
        Assert.Equal(71, fingerprint.Length);
    }

    [Fact]
    public void Matches_UpperCaseHexPin_Accepted()
    {
        var pin = "sha256:" + Convert.ToHexString(SHA256.HashData(Key));

        Assert.True(RawKeyFingerprint.Matches(pin, Key));
        Assert.False(RawKeyFingerprint.Matches(pin, Keys.Rfc8032Vectors.Test2.PublicKeyBytes));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SHA256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:00000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:000000000000000000000000000000000000000000000000000000000000000g")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    public void TryParse_Malformed_ReturnsFalse(string? pin)
    {
        Assert.False(RawKeyFingerprint.TryParse(pin, out _));
    }

    [Fact]
    public void Compute_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => RawKeyFingerprint.Compute(new byte[33]));
    }
}
