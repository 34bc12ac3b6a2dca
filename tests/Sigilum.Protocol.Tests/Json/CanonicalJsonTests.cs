using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Json;

/// <summary>Byte-exact agreement with JavaScript's JSON.stringify over sorted keys (Sigil pg-commit-v1).</summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    [InlineData("{\"b\":1,\"a\":[3,{\"d\":true,\"c\":null}]}", "{\"a\":[3,{\"c\":null,\"d\":true}],\"b\":1}")]
    [InlineData("{\"é\":1,\"z\":2,\"Z\":3}", "{\"Z\":3,\"z\":2,\"é\":1}")]
    [InlineData("{\"s\":\"quote\\\" backslash\\\\ tab\\t nl\\n\"}", "{\"s\":\"quote\\\" backslash\\\\ tab\\t nl\\n\"}")]
    [InlineData("{\"s\":\"\\u0001\\u001f\\b\\f\\r\"}", "{\"s\":\"\\u0001\\u001f\\b\\f\\r\"}")]
    [InlineData("{\"s\":\"caf\\u00e9 \\u2028 \\u007f \\ufeff\"}", "{\"s\":\"café \u2028 \u007f \ufeff\"}")]
    [InlineData("{\"s\":\"\\ud83d\\ude00\"}", "{\"s\":\"😀\"}")]
    [InlineData("{\"s\":\"</script>+/\"}", "{\"s\":\"</script>+/\"}")]
    [InlineData("[1.0,1.5,-0.25,100000000000000000000,1e21,1e-7,12345678901234567890]", "[1,1.5,-0.25,100000000000000000000,1e+21,1e-7,12345678901234567000]")]
    public void Serialize_MatchesJavaScriptJsonStringify(string input, string expected)
    {
        Assert.Equal(expected, CanonicalJson.Serialize(JsonNode.Parse(input)));
    }

    [Fact]
    public void Serialize_LoneSurrogate_IsEscapedInLowerCaseHex()
    {
        Assert.Equal("{\"s\":\"a\\ud83db\"}", CanonicalJson.Serialize(new JsonObject { ["s"] = "a\ud83db" }));
    }

    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(123.456, "123.456")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(9007199254740993d, "9007199254740992")]
    [InlineData(5e-324, "5e-324")]
    public void EcmaScriptNumber_MatchesNumberToString(double value, string expected)
    {
        Assert.Equal(expected, CanonicalJson.EcmaScriptNumber(value));
    }

    [Fact]
    public void Serialize_ClrNumericValues_WriteLikeJavaScript()
    {
        var obj = new JsonObject { ["i"] = 7, ["l"] = 8L, ["d"] = 2.0, ["m"] = 0.5m, ["u"] = (byte)3 };

        Assert.Equal("{\"d\":2,\"i\":7,\"l\":8,\"m\":0.5,\"u\":3}", CanonicalJson.Serialize(obj));
    }
}
