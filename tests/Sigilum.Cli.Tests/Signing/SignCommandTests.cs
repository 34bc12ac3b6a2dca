using System.Text;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Cli.Signing;

public sealed class SignCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Theory]
    [MemberData(nameof(ConformanceVectors.GoldenNames), MemberType = typeof(ConformanceVectors))]
    public async Task Sign_GoldenVectorWithFixedCreatedAndNonce_ReproducesReferenceHeadersExactly(string name)
    {
        _cli.InstallFixtureIdentity();
        var golden = ConformanceVectors.GoldenNamed(name);
        string[] args = ["sign", golden.Method, golden.Url, "--created", ConformanceVectors.Created.ToString(System.Globalization.CultureInfo.InvariantCulture), "--nonce", ConformanceVectors.Nonce, "--json"];
        if (golden.Body is not null)
        {
            args = [.. args, "--body", golden.Body];
        }

        var run = await _cli.RunAsync(args);

        Assert.True(run.ExitCode == 0, run.ToString());
        var headers = run.Json().GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        Assert.Equal(golden.Headers.OrderBy(h => h.Key), headers.OrderBy(h => h.Key));
    }

    [Fact]
    public async Task Sign_Human_PrintsOneNameValueLinePerHeaderInProfileOrder()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("sign", "POST", "https://example.test/v1/x", "--body", "{\"a\":1}");

        Assert.Equal(0, run.ExitCode);
        var names = run.Stdout.TrimEnd().Split('\n').Select(line => line[..line.IndexOf(':', StringComparison.Ordinal)]);
        Assert.Equal(
            ["sigilum-namespace", "sigilum-subject", "sigilum-agent-key", "sigilum-agent-cert", "content-digest", "signature-input", "signature"],
            names);
    }

    [Fact]
    public async Task Sign_NoBody_OmitsContentDigest()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("sign", "get", "https://example.test/v1/x", "--json");

        var json = run.Json();
        Assert.Equal("GET", json.GetProperty("method").GetString());
        Assert.False(json.GetProperty("headers").TryGetProperty("content-digest", out _));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("body").ValueKind);
    }

    [Fact]
    public async Task Sign_Json_VerifiesAsTheServerWouldSeeIt()
    {
        await _cli.RunAsync("init", "alice");

        var json = (await _cli.RunAsync("sign", "PUT", "https://Example.TEST:443/v1/doc?x=1#frag", "--body", "hello", "--subject", "user-42", "--json")).Json();

        Assert.Equal("https://example.test/v1/doc?x=1", json.GetProperty("targetUri").GetString());
        var result = RequestVerifier.Verify(
            new VerifyRequest
            {
                Method = "PUT",
                TargetUri = "https://example.test/v1/doc?x=1",
                Headers = json.GetProperty("headers").EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)).ToList(),
                Body = Encoding.UTF8.GetBytes("hello"),
            },
            new VerifyOptions { Time = _cli.Time, MaxAge = TimeSpan.FromSeconds(60) });
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("user-42", result.Subject);
    }

    [Fact]
    public async Task Sign_BodyFile_SignsFileBytes()
    {
        await _cli.RunAsync("init", "alice");
        var file = _cli.WriteFile("body.json", "{\"action\":\"approve\"}");

        var json = (await _cli.RunAsync("sign", "POST", "https://example.test/v1/x", "--body-file", file, "--json")).Json();

        Assert.Equal("sha-256=:5toCTO6LRikiTvJ0Ha+F6ucUxaTs3wMsnaImDBR0NZg=:", json.GetProperty("headers").GetProperty("content-digest").GetString());
    }

    [Fact]
    public async Task Sign_BodyFileDashWithBinaryStdin_SignsBytesAndUsesBodyBase64()
    {
        await _cli.RunAsync("init", "alice");
        _cli.StandardInput = [0xff, 0x00, 0xfe];

        var json = (await _cli.RunAsync("sign", "POST", "https://example.test/v1/x", "--body-file", "-", "--json")).Json();

        Assert.Equal("/wD+", json.GetProperty("bodyBase64").GetString());
        Assert.False(json.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task Sign_BodyAndBodyFile_ExitsWithUsageError()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("sign", "POST", "https://example.test/", "--body", "x", "--body-file", "y");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Sign_MissingBodyFile_ExitsNotFound()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("sign", "POST", "https://example.test/", "--body-file", "missing.json");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("missing.json", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "example.test/no-scheme")]
    [InlineData("GET", "ftp://example.test/")]
    [InlineData("GET", "https://user@example.test/")]
    [InlineData("G E T", "https://example.test/")]
    [InlineData("GET(", "https://example.test/")]
    public async Task Sign_BadMethodOrUrl_ExitsWithUsageErrorBeforeLoadingIdentity(string method, string url)
    {
        var run = await _cli.RunAsync("sign", method, url);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Sign_SubjectWithLineBreak_ExitsWithUsageError()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("sign", "GET", "https://example.test/", "--subject", "a\nb");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sign_NoIdentity_ExitsNotFound()
    {
        var run = await _cli.RunAsync("sign", "GET", "https://example.test/");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("IDENTITY_NOT_FOUND", run.Stderr, StringComparison.Ordinal);
    }
}
