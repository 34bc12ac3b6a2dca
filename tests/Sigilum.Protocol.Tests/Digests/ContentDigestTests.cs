using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Digests;

public sealed class ContentDigestTests
{
    [Theory]
    [InlineData("{\"action\":\"approve\"}", "sha-256=:5toCTO6LRikiTvJ0Ha+F6ucUxaTs3wMsnaImDBR0NZg=:")]
    [InlineData("{\"text\":\"hello world\",\"count\":42}", "sha-256=:Xruw00DsBxReBcikx32MJ+Rs/9hMiEJ6/vjfZhtV2Mc=:")]
    public void Compute_SharedVectors_MatchReference(string body, string expected)
    {
        Assert.Equal(expected, ContentDigest.Compute(System.Text.Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void Verify_Rfc9530AppendixSha512Example_Matches()
    {
        // RFC 9530 §B.1 response content {"hello": "world"} with its sha-512 value.
        const string Header = "sha-512=:YMAam51Jz/jOATT6/zvHrLVgOYTGFy1d6GJiOHTohq4yP+pgk4vf2aCsyRZOtw8MjkM7iw7yZ/WkppmM44T3qg==:";

        Assert.Null(ContentDigest.Verify(Header, "{\"hello\": \"world\"}\n"u8));
    }

    [Fact]
    public void Verify_BothAlgorithmsCorrect_Matches()
    {
        var body = "x"u8.ToArray();
        var header = ContentDigest.Compute(body) + ", sha-512=:" + Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(body)) + ":";

        Assert.Null(ContentDigest.Verify(header, body));
    }

    [Fact]
    public void Verify_UnknownAlgorithmBesideCorrectSha256_IgnoresTheUnknown()
    {
        var body = "x"u8.ToArray();

        Assert.Null(ContentDigest.Verify("md5=:AAAAAAAAAAAAAAAAAAAAAA==:, " + ContentDigest.Compute(body), body));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha-256=:AAAA:, sha-256=:AAAA:")]
    [InlineData("sha-256=?1")]
    [InlineData("sha-256=:5toCTO6LRikiTvJ0Ha+F6ucUxaTs3wMsnaImDBR0NZg=:;p=1")]
    public void Verify_MalformedHeader_FailsWithContentDigestInvalid(string? header)
    {
        Assert.Equal(ErrorCatalogue.SigContentDigestInvalid, ContentDigest.Verify(header, "{\"action\":\"approve\"}"u8)?.Code);
    }
}
