using System.Text;
using Sigilum.Vault.Http;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Release;

public sealed class UpstreamRequestHeadTests
{
    private static HttpHead Head(string text) => HttpHeadParser.Parse(text, isResponse: false);

    private static RouteConfig Route(IReadOnlyList<HeaderTemplate>? headers = null, HeaderTemplate? query = null) =>
        new("rt", "agt", "api.example.com", "/*", "b", "REF", headers ?? [], query, false, default);

    [Fact]
    public void Build_StripsAttestationProxyAndHopByHopHeaders_ReplacesAgentAuthorization()
    {
        var head = Head("GET /x HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: Bearer agent-guess\r\nX-Sigil-Attestation: jwt\r\n" +
            "Proxy-Authorization: Basic abc\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nAccept: */*\r\n\r\n");

        using var built = UpstreamRequestHead.Build(head, "/x", "api.example.com", BodyFraming.None, Route(), "s3cret"u8);
        var text = Encoding.Latin1.GetString(built.Bytes.Span);

        Assert.StartsWith("GET /x HTTP/1.1\r\nHost: api.example.com\r\n", text, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer s3cret\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("agent-guess", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Sigil-Attestation", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Proxy-Authorization", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-Hop", text, StringComparison.Ordinal);
        Assert.Contains("Accept: */*\r\n", text, StringComparison.Ordinal);
        // Persistent: the pool reuses the connection (docs/decisions/0030); nothing asks the upstream to close it.
        Assert.DoesNotContain("Connection:", text, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("Authorization: Bearer s3cret\r\n\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ZeroesTheBufferHoldingTheCredential()
    {
        var head = Head("GET / HTTP/1.1\r\nHost: a.example.com\r\n\r\n");
        var built = UpstreamRequestHead.Build(head, "/", "a.example.com", BodyFraming.None, Route(), "s3cret"u8);
        var bytes = built.Bytes;

        built.Dispose();

        Assert.True(bytes.Span.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void Build_QueryTemplate_ReplacesAgentParameterAndPercentEncodes()
    {
        Assert.True(HeaderTemplate.TryParse("key={{credential}}", false, out var query, out _));
        var head = Head("GET /x?key=mine&a=1 HTTP/1.1\r\nHost: a.example.com\r\n\r\n");

        using var built = UpstreamRequestHead.Build(head, "/x?key=mine&a=1", "a.example.com", BodyFraming.None, Route(query: query), "a b/c"u8);

        Assert.StartsWith("GET /x?a=1&key=a%20b%2Fc HTTP/1.1\r\n", Encoding.Latin1.GetString(built.Bytes.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc\r\ndef")]
    [InlineData("abc\ndef")]
    [InlineData("abc\0")]
    [InlineData("")]
    [InlineData("caf\u00e9")]
    public void IsInjectable_ControlOrNonAscii_False(string value) =>
        Assert.False(UpstreamRequestHead.IsInjectable(Encoding.UTF8.GetBytes(value)));

    [Theory]
    [InlineData("Authorization=Bearer {{credential}}", "Authorization", "Bearer ", "")]
    [InlineData("X-Api-Key={{credential}}", "X-Api-Key", "", "")]
    [InlineData("X-Sig=a {{credential}} b", "X-Sig", "a ", " b")]
    public void HeaderTemplate_TryParse_Valid(string text, string name, string prefix, string suffix)
    {
        Assert.True(HeaderTemplate.TryParse(text, true, out var template, out _));
        Assert.Equal((name, prefix, suffix), (template.Name, template.Prefix, template.Suffix));
    }

    [Theory]
    [InlineData("Authorization=Bearer")]
    [InlineData("=x {{credential}}")]
    [InlineData("Bad Name={{credential}}")]
    [InlineData("Host={{credential}}")]
    [InlineData("Content-Length={{credential}}")]
    [InlineData("Proxy-Authorization={{credential}}")]
    [InlineData("X-Sigil-Attestation={{credential}}")]
    [InlineData("X={{credential}}{{credential}}")]
    public void HeaderTemplate_TryParse_Invalid(string text) =>
        Assert.False(HeaderTemplate.TryParse(text, true, out _, out _));
}
