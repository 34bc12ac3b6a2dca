using System.Text;

namespace Sigilum.Gateway.Mcp;

/// <summary>The call body rules of spec §3.10: the wrapped or bare arguments object, empty means {}, nothing else.</summary>
public sealed class McpCallArgumentsTests
{
    private static string? Parsed(string body) => McpCallArguments.Parse(Encoding.UTF8.GetBytes(body))?.GetRawText();

    [Fact]
    public void Parse_Wrapped_TheArgumentsObject() => Assert.Equal("""{"message":"hi"}""", Parsed("""{"arguments":{"message":"hi"}}"""));

    [Fact]
    public void Parse_Bare_TheObjectItself() => Assert.Equal("""{"message":"hi"}""", Parsed("""{"message":"hi"}"""));

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n")]
    public void Parse_Empty_EmptyObject(string body) => Assert.Equal("{}", Parsed(body));

    [Fact]
    public void Parse_ArgumentsNull_EmptyObject() => Assert.Equal("{}", Parsed("""{"arguments":null}"""));

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Parse_NotAnObject_Refused(string body) => Assert.Null(Parsed(body));

    [Fact]
    public void Parse_ArgumentsNotAnObject_Refused() => Assert.Null(Parsed("""{"arguments":[1]}"""));

    [Fact]
    public void Parse_Malformed_Refused() => Assert.Null(Parsed("""{"arguments":"""));

    [Fact]
    public void Parse_NestedDeeperThan64_Refused() => Assert.Null(Parsed(string.Concat(Enumerable.Repeat("{\"a\":", 70)) + "1" + new string('}', 70)));
}
