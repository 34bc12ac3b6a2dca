using FsCheck;
using FsCheck.Fluent;

namespace Sigilum.Protocol.Dids;

public sealed class Base58BtcTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("00", "1")]
    [InlineData("0000", "11")]
    [InlineData("61", "2g")]
    [InlineData("626262", "a3gV")]
    [InlineData("636363", "aPEr")]
    [InlineData("00000000000000000000", "1111111111")]
    [InlineData("516b6fcd0f", "ABnLTmg")]
    [InlineData("572e4794", "3EFU7m")]
    [InlineData("10c8511e", "Rt5zm")]
    public void Encode_KnownVectors_Match(string hex, string expected)
    {
        var bytes = Convert.FromHexString(hex);

        Assert.Equal(expected, Base58Btc.Encode(bytes));
        Assert.True(Base58Btc.TryDecode(expected, out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Fact]
    public void EncodeThenDecode_AnyBytes_RoundTrips()
    {
        var shortArrays = ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length <= 64).ToArbitrary();
        Prop.ForAll(shortArrays, bytes =>
            Base58Btc.TryDecode(Base58Btc.Encode(bytes), out var decoded) && decoded.AsSpan().SequenceEqual(bytes))
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("O")]
    [InlineData("I")]
    [InlineData("l")]
    [InlineData("abc+")]
    [InlineData(" 2g")]
    public void TryDecode_OutsideAlphabet_ReturnsFalse(string text)
    {
        Assert.False(Base58Btc.TryDecode(text, out _));
    }

    [Fact]
    public void TryDecode_Oversized_ReturnsFalse()
    {
        Assert.False(Base58Btc.TryDecode(new string('2', Base58Btc.MaxEncodedLength + 1), out _));
    }
}
