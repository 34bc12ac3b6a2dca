namespace Sigilum.Protocol.StructuredFields;

public sealed class StructuredFieldParserTests
{
    [Fact]
    public void ParseDictionary_Rfc9421SignatureInput_ReadsInnerListAndParameters()
    {
        var result = StructuredFieldParser.ParseDictionary("sig1=(\"@method\" \"content-digest\");created=1618884473;keyid=\"test-key\";alg=\"ed25519\"");

        Assert.True(result.IsSuccess);
        var list = Assert.Single(result.Value).InnerList!;
        Assert.Equal(["@method", "content-digest"], list.Items.Select(i => i.Value.Text));
        Assert.Equal(1618884473, list.Parameters[0].Value.Integer);
        Assert.Equal("test-key", list.Parameters[1].Value.Text);
    }

    [Fact]
    public void ParseDictionary_MixedMembers_ReadsEveryBareItemKind()
    {
        var result = StructuredFieldParser.ParseDictionary("a=1, b=-2.5, c=\"s\\\"q\", d=tok/x:y, e=:AQID:, f=?0, g, h;p=1");

        Assert.True(result.IsSuccess, result.Error?.Reason);
        var m = result.Value;
        Assert.Equal(1, m[0].Item!.Value.Integer);
        Assert.Equal(-2.5m, m[1].Item!.Value.Decimal);
        Assert.Equal("s\"q", m[2].Item!.Value.Text);
        Assert.Equal("tok/x:y", m[3].Item!.Value.Text);
        Assert.Equal(new byte[] { 1, 2, 3 }, m[4].Item!.Value.Bytes);
        Assert.False(m[5].Item!.Value.Boolean);
        Assert.True(m[6].Item!.Value.Boolean);
        Assert.Equal("p", m[7].Item!.Parameters[0].Key);
    }

    [Theory]
    [InlineData("a=1, a=2", "duplicate dictionary key")]
    [InlineData("a=1;p;p", "duplicate parameter")]
    [InlineData("a=1,", "trailing comma")]
    [InlineData("a=(1 2", "unterminated inner list")]
    [InlineData("a=\"abc", "unterminated string")]
    [InlineData("a=:AQID", "unterminated byte sequence")]
    [InlineData("a=:AQI:", "canonical padded base64")]
    [InlineData("a=1234567890123456", "15 digits")]
    [InlineData("a=1.2345", "fractional")]
    [InlineData("A=1", "lower-case")]
    [InlineData("a=\"\u00e9\"", "invalid character")]
    [InlineData("a=\"x\ty\"", "invalid character")]
    [InlineData("a=@1659578233", "unsupported")]
    [InlineData("a=%\"x\"", "unsupported")]
    [InlineData("a=?2", "boolean")]
    [InlineData("a=\"\\n\"", "escape")]
    [InlineData("a=(1)(2)", "expected ','")]
    [InlineData("a=1 b=2", "expected ','")]
    public void ParseDictionary_SyntaxError_FailsWithReason(string input, string reasonFragment)
    {
        var result = StructuredFieldParser.ParseDictionary(input);

        Assert.False(result.IsSuccess);
        Assert.Equal("SF_SYNTAX_INVALID", result.Error.Code);
        Assert.Contains(reasonFragment, result.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseDictionary_OverLimits_FailsFast()
    {
        Assert.False(StructuredFieldParser.ParseDictionary(new string('a', 9000)).IsSuccess);
        Assert.False(StructuredFieldParser.ParseDictionary(string.Join(", ", Enumerable.Range(0, 9).Select(i => $"k{i}=1"))).IsSuccess);
        Assert.False(StructuredFieldParser.ParseDictionary("a=(" + string.Join(' ', Enumerable.Range(0, 17)) + ")").IsSuccess);
        Assert.False(StructuredFieldParser.ParseDictionary("a=1" + string.Concat(Enumerable.Range(0, 9).Select(i => $";p{i}"))).IsSuccess);
        Assert.False(StructuredFieldParser.ParseDictionary("a=\"" + new string('x', 1100) + "\"").IsSuccess);
    }

    [Fact]
    public void ParseDictionary_Null_FailsWithoutThrowing()
    {
        Assert.False(StructuredFieldParser.ParseDictionary(null).IsSuccess);
    }

    [Fact]
    public void SerializeMember_ParsedCanonicalText_RoundTrips()
    {
        const string Text = "sig1=(\"@method\" \"x\";k);created=1;keyid=\"a\\\"b\";alg=tok;f=?0;b=:AQID:;d=1.5";

        var member = StructuredFieldParser.ParseDictionary(Text).Value![0];

        Assert.Equal(Text, StructuredFieldSerializer.SerializeMember(member));
    }

    [Theory]
    [InlineData(1024, true)]
    [InlineData(1025, false)]
    public void ParseDictionary_StringWithoutEscapesAtTheLengthLimit_SameLimitAsWithEscapes(int length, bool accepted)
    {
        var plain = StructuredFieldParser.ParseDictionary("a=\"" + new string('x', length) + "\"");
        var escaped = StructuredFieldParser.ParseDictionary("a=\"\\\"" + new string('x', length - 1) + "\"");

        Assert.Equal(accepted, plain.IsSuccess);
        Assert.Equal(accepted, escaped.IsSuccess);
        if (!accepted)
        {
            Assert.Contains("string too long", plain.Error!.Reason, StringComparison.Ordinal);
            Assert.Contains("string too long", escaped.Error!.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("a=\"plain text\"", "plain text")]
    [InlineData("a=\"\"", "")]
    [InlineData("a=\"ends with escape \\\\\"", "ends with escape \\")]
    [InlineData("a=\"q\\\"mid\\\"q\"", "q\"mid\"q")]
    public void ParseDictionary_Strings_SliceOrUnescapedValue(string input, string expected)
    {
        var result = StructuredFieldParser.ParseDictionary(input);

        Assert.True(result.IsSuccess, result.Error?.Reason);
        Assert.Equal(expected, result.Value[0].Item!.Value.Text);
    }

    [Fact]
    public void ParseDictionary_InvalidCharacterAfterPlainPrefix_SameOffsetAsBefore()
    {
        var result = StructuredFieldParser.ParseDictionary("a=\"abc\u0001def\"");

        Assert.False(result.IsSuccess);
        // The offset is just past the bad character, as the character-by-character parser reported it.
        Assert.EndsWith("invalid character in string at offset 7.", result.Error.Reason, StringComparison.Ordinal);
    }
}
