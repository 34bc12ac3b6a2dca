using FsCheck;
using FsCheck.Fluent;

namespace Sigilum.Protocol.Encoding;

public sealed class Base64StdTests
{
    [Fact]
    public void EncodeThenDecode_AnyBytes_RoundTrips()
    {
        Prop.ForAll<byte[]>(bytes =>
            Base64Std.TryDecode(Base64Std.Encode(bytes), out var decoded) && decoded.AsSpan().SequenceEqual(bytes))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryDecode_AnyString_AcceptsOnlyTheCanonicalSpelling()
    {
        Prop.ForAll(Base64UrlTests.Base64LikeStrings(), text =>
            !Base64Std.TryDecode(text, out var decoded) || Base64Std.Encode(decoded) == text)
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("AB==")]    // non-zero spare bits
    [InlineData("AAB=")]
    [InlineData("AA")]      // missing padding
    [InlineData("AA=")]
    [InlineData("-_8=")]    // url alphabet
    [InlineData("AA ==")]
    [InlineData("AA==\n")]
    [InlineData(null)]
    public void TryDecode_NonCanonicalOrInvalid_ReturnsFalse(string? text)
    {
        Assert.False(Base64Std.TryDecode(text, out _));
    }
}
