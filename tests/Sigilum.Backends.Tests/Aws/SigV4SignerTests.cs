using System.Globalization;
using System.Text;

namespace Sigilum.Backends.Aws;

/// <summary>Our signer against the AWS SigV4 test suite (testdata/sigv4, see its README) and AWS's documented example.</summary>
public sealed class SigV4SignerTests
{
    private static readonly AwsCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    public static TheoryData<string> Vectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "testdata", "sigv4"), "*.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_SuiteVector_AuthorizationMatches(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "sigv4", name + ".txt"), Encoding.UTF8);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var lines = text[..split].Split('\n');
        var body = Encoding.UTF8.GetBytes(text[(split + 2)..]);
        var requestLine = lines[0].Split(' ');
        var target = string.Join(' ', requestLine[1..^1]);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var (path, query) = question < 0 ? (target, null) : (target[..question], target[(question + 1)..]);
        string? expected = null;
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines[1..])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (header, value) = (line[..colon], line[(colon + 1)..]);
            if (header.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                expected = value;
            }
            else
            {
                headers.Add(KeyValuePair.Create(header, value));
            }
        }
        var amzDate = headers.Single(h => h.Key.Equals("X-Amz-Date", StringComparison.OrdinalIgnoreCase)).Value;
        var time = DateTimeOffset.ParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var signature = SigV4Signer.Sign(requestLine[0], path, query, headers, SigV4Signer.PayloadHash(body), SuiteCredentials, "us-east-1", "service", time);

        Assert.Equal(expected, signature.Authorization);
    }

    [Fact]
    public void Sign_GetVanilla_CanonicalRequestAndStringToSignAsPublished()
    {
        var time = new DateTimeOffset(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
        var signature = SigV4Signer.Sign("GET", "/", null,
            [KeyValuePair.Create("Host", "example.amazonaws.com"), KeyValuePair.Create("X-Amz-Date", "20150830T123600Z")],
            SigV4Signer.EmptyPayloadHash, SuiteCredentials, "us-east-1", "service", time);

        Assert.Equal("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", signature.CanonicalRequest);
        Assert.Equal("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63", signature.StringToSign);
        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature.Signature);
    }

    [Fact]
    public void SigningKey_AwsDocumentedExample_Matches()
    {
        // The derived-key example of AWS's "Examples of how to derive a signing key for Signature Version 4".
        var key = SigV4Signer.SigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");

        Assert.Equal("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", Convert.ToHexStringLower(key));
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/a/./b/../c", "/a/c")]
    [InlineData("/%E1%88%B4", "/%25E1%2588%25B4")]
    [InlineData("/a b", "/a%20b")]
    public void CanonicalPath_NonS3_NormalisedAndEncodedAgain(string path, string canonical)
    {
        Assert.Equal(canonical, SigV4Signer.CanonicalPath(path, "secretsmanager"));
    }

    [Fact]
    public void CanonicalPath_S3_AsSent()
    {
        Assert.Equal("/bucket/a%20b/../c", SigV4Signer.CanonicalPath("/bucket/a%20b/../c", "s3"));
    }

    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=2&a=1", "a=1&a=2")]
    [InlineData("flag", "flag=")]
    [InlineData("k=a%20b&k2=a+b", "k=a%20b&k2=a%2Bb")]
    public void CanonicalQuery_SortedAndEncoded(string query, string canonical)
    {
        Assert.Equal(canonical, SigV4Signer.CanonicalQuery(query));
    }
}
