using FsCheck;
using FsCheck.Fluent;

namespace Sigilum.Protocol.Encoding;

public sealed class Base64UrlTests
{
    [Fact]
    public void EncodeThenDecode_AnyBytes_RoundTrips()
    {
        Prop.ForAll<byte[]>(bytes =>
            Base64Url.TryDecode(Base64Url.Encode(bytes), out var decoded) && decoded.AsSpan().SequenceEqual(bytes))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryDecode_AnyString_AcceptsOnlyTheCanonicalSpelling()
    {
        // Whatever decodes must re-encode to exactly the input: one spelling per byte string.
        Prop.ForAll(Base64LikeStrings(), text =>
            !Base64Url.TryDecode(text, out var decoded) || Base64Url.Encode(decoded) == text)
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void TryDecode_CanonicalWithOneNoisyCharacter_Rejects()
    {
        var noise = Gen.Elements('=', '+', '/', ' ', '\n', '\t', '.', '\u00e9');
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), noise.ToArbitrary(), ArbMap.Default.ArbFor<int>(), (bytes, c, where) =>
        {
            var text = Base64Url.Encode(bytes);
            var at = (int)((uint)where % (uint)(text.Length + 1));
            return !Base64Url.TryDecode(text.Insert(at, c.ToString()), out _);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("AB")]      // 0x00 with spare bits 0001: BCL TryDecodeFromChars throws on this one
    [InlineData("AAB")]
    [InlineData("AAAAAB")]
    [InlineData("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp")]
    public void TryDecode_NonZeroSpareBits_ReturnsFalseWithoutThrowing(string text)
    {
        Assert.False(Base64Url.TryDecode(text, out _));
    }

    [Theory]
    [InlineData("AA==")]
    [InlineData("AA=")]
    [InlineData("A")]
    [InlineData("+/8")]
    [InlineData("AA AA")]
    [InlineData(" AAAA")]
    [InlineData("AAAA\n")]
    [InlineData(null)]
    public void TryDecode_NonCanonicalOrInvalid_ReturnsFalse(string? text)
    {
        Assert.False(Base64Url.TryDecode(text, out _));
    }

    [Fact]
    public void TryDecode_Empty_IsEmptyBytes()
    {
        Assert.True(Base64Url.TryDecode("", out var bytes));
        Assert.Empty(bytes);
    }

    // Strings drawn from the base64 alphabets plus padding and whitespace, so most are near misses.
    internal static Arbitrary<string> Base64LikeStrings() =>
        Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/= \n".ToCharArray())
            .ArrayOf()
            .Select(chars => new string(chars))
            .ToArbitrary();
}
