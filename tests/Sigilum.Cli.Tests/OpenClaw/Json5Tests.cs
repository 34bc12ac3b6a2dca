using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

public sealed class Json5Tests
{
    [Fact]
    public void Parse_Json5Features_ReadsThemAsOpenClawDoes()
    {
        var node = Json5.Parse("""
            // line comment
            {
              /* block
                 comment */
              unquoted: 'single \'quoted\'',
              "double": "a\u0041\x42",
              hex: 0x1F, plus: +3, half: .5, whole: 5., neg: -2e2,
              list: [1, 2, 3,],
              $dollar_key: null,
              nested: { yes: true, no: false, },
              multi: 'one \
            two',
            }
            """)!.AsObject();

        Assert.Equal("single 'quoted'", node["unquoted"]!.GetValue<string>());
        Assert.Equal("aAB", node["double"]!.GetValue<string>());
        Assert.Equal(31, node["hex"]!.GetValue<long>());
        Assert.Equal(3, node["plus"]!.GetValue<int>());
        Assert.Equal(0.5, node["half"]!.GetValue<double>());
        Assert.Equal(5, node["whole"]!.GetValue<int>());
        Assert.Equal(-200, node["neg"]!.GetValue<double>());
        Assert.Equal(3, node["list"]!.AsArray().Count);
        Assert.True(node.ContainsKey("$dollar_key"));
        Assert.True(node["nested"]!["yes"]!.GetValue<bool>());
        Assert.Equal("one two", node["multi"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_RepeatedKey_KeepsTheLastValue()
    {
        var node = Json5.Parse("{a: 1, a: 2}")!.AsObject();

        Assert.Equal(2, node["a"]!.GetValue<int>());
        Assert.Single(node);
    }

    [Fact]
    public void Parse_PlainJson_SameAsSystemTextJson()
    {
        const string json = """{"a":[1,2.5,"x",{"b":null}],"c":true}""";

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), Json5.Parse(json)));
    }

    [Theory]
    [InlineData("{a: 1", "expected ',' or '}'")]
    [InlineData("{a: 'x}", "unterminated string")]
    [InlineData("{a: Infinity}", "cannot be written back as JSON")]
    [InlineData("{a: NaN}", "cannot be written back as JSON")]
    [InlineData("{a: 1} x", "unexpected text after the end")]
    [InlineData("/* open", "unterminated /* comment")]
    [InlineData("{a: sk-live-abcdef}", "unexpected bare word")]
    public void Parse_Invalid_FailsNamingLineAndColumn(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => Json5.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 1, column", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdef", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsRefused()
    {
        var text = new string('[', 500) + new string(']', 500);

        var error = Assert.Throws<FormatException>(() => Json5.Parse(text));

        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }
}
