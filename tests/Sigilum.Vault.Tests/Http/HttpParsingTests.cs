namespace Sigilum.Vault.Http;

public sealed class HttpParsingTests
{
    private static HttpHead Request(string fields) => HttpHeadParser.Parse("POST /x HTTP/1.1\r\nHost: a.example.com\r\n" + fields + "\r\n", isResponse: false);

    [Theory]
    [InlineData("GET /x HTTP/1.1\nHost: a\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\rX: 1\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost : a\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n")]
    [InlineData("GET  /x HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /x HTTP/2.0\r\nHost: a\r\n\r\n")]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\0\r\n\r\n")]
    public void Parse_MalformedHead_Throws(string head) =>
        Assert.Throws<HttpMessageException>(() => HttpHeadParser.Parse(head, isResponse: false));

    [Theory]
    [InlineData("Content-Length: 3\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: chunked, identity\r\n")]
    [InlineData("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n")]
    [InlineData("Transfer-Encoding: xchunked\r\n")]
    [InlineData("Content-Length: 3\r\nContent-Length: 4\r\n")]
    [InlineData("Content-Length: 3, 4\r\n")]
    [InlineData("Content-Length: -1\r\n")]
    [InlineData("Content-Length: 0x10\r\n")]
    [InlineData("Content-Length: 99999999999999999999\r\n")]
    public void PRX_08_ForRequestAmbiguousFraming_Throws(string fields) =>
        Assert.Throws<HttpMessageException>(() => BodyFraming.ForRequest(Request(fields)));

    [Fact]
    public void ForRequest_Chunked_IsChunked() =>
        Assert.Equal(BodyKind.Chunked, BodyFraming.ForRequest(Request("Transfer-Encoding: chunked\r\n")).Kind);

    [Fact]
    public void ForRequest_SameContentLengthTwice_IsThatLength() =>
        Assert.Equal(5, BodyFraming.ForRequest(Request("Content-Length: 5\r\nContent-Length: 5\r\n")).Length);

    [Theory]
    [InlineData("5\r\nhello\r\n0\r\n\r\n", "hello")]
    [InlineData("005;ext=1\r\nhello\r\n0\r\nX-Trailer: 1\r\n\r\n", "hello")]
    [InlineData("A\r\n0123456789\r\n0\r\n\r\n", "0123456789")]
    public async Task CopyAsync_Chunked_Decodes(string body, string expected)
    {
        var stream = new BufferedConnectionStream(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(body)));
        var output = new MemoryStream();

        await BodyReader.CopyAsync(stream, BodyFraming.Chunked, c => output.WriteAsync(c).AsTask(), 1024, () => CancellationToken.None, "truncated");

        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(output.ToArray()));
    }

    [Theory]
    [InlineData("ffffffffffffffffff\r\n")]
    [InlineData(" 5\r\nhello\r\n0\r\n\r\n")]
    [InlineData("5\nhello\r\n0\r\n\r\n")]
    [InlineData("5\r\nhelloXX0\r\n\r\n")]
    [InlineData("5\r\nhel")]
    [InlineData("zz\r\n")]
    public async Task PRX_09_CopyAsyncBadChunking_Throws(string body)
    {
        var stream = new BufferedConnectionStream(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(body)));

        await Assert.ThrowsAsync<HttpMessageException>(() =>
            BodyReader.CopyAsync(stream, BodyFraming.Chunked, _ => Task.CompletedTask, 1 << 20, () => CancellationToken.None, "truncated"));
    }

    [Fact]
    public async Task ReadHeadAsync_OverLimit_Throws()
    {
        var stream = new BufferedConnectionStream(new MemoryStream(System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nX: " + new string('a', 5000) + "\r\n\r\n")));

        await Assert.ThrowsAsync<HttpMessageException>(() => stream.ReadHeadAsync(4096, false, CancellationToken.None));
    }
}
