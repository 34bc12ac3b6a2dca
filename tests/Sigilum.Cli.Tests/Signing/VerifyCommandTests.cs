using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Signing;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public VerifyCommandTests()
    {
        _cli.InstallFixtureIdentity();
    }

    public void Dispose() => _cli.Dispose();

    private async Task<string> SignToFileAsync(params string[] extra)
    {
        var run = await _cli.RunAsync(["sign", "POST", "https://api.example.test/v1/x?y=1#frag", "--body", "{\"a\":1}", "--json", .. extra]);
        Assert.Equal(0, run.ExitCode);
        return _cli.WriteFile("req.json", run.Stdout);
    }

    private string Mutate(string path, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(json);
        return _cli.WriteFile("mutated.json", json.ToJsonString());
    }

    [Fact]
    public async Task Verify_FreshlySignedFile_IsValid()
    {
        var file = await SignToFileAsync();

        var run = await _cli.RunAsync("verify", "--request-file", file, "--json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json();
        Assert.True(json.GetProperty("valid").GetBoolean());
        Assert.Equal("fixture-alice", json.GetProperty("namespace").GetString());
        Assert.Equal("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", json.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task Verify_Human_PrintsValidLine()
    {
        var file = await SignToFileAsync();

        var run = await _cli.RunAsync("verify", "-f", file);

        Assert.StartsWith("valid: namespace fixture-alice", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedBody_ExitsOneWithDigestMismatch()
    {
        var file = Mutate(await SignToFileAsync(), json => json["body"] = "{\"a\":2}");

        var run = await _cli.RunAsync("verify", "-f", file, "--json");

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.False(run.Json().GetProperty("valid").GetBoolean());
        Assert.Equal(ErrorCatalogue.SigContentDigestMismatch, run.Json().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_TamperedNamespaceHeader_ExitsOneWithNamespaceCode()
    {
        var file = Mutate(await SignToFileAsync(), json => json["headers"]!["sigilum-namespace"] = "mallory");

        var run = await _cli.RunAsync("verify", "-f", file);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains(ErrorCatalogue.SigNamespaceMismatch, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TamperedMethod_ExitsOneWithSignatureFailure()
    {
        var file = Mutate(await SignToFileAsync(), json => json["method"] = "PUT");

        var run = await _cli.RunAsync("verify", "-f", file, "--json");

        Assert.Equal(ErrorCatalogue.SigVerificationFailed, run.Json().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_OlderThanMaxAge_ExitsOneWithTimestampCode()
    {
        var file = await SignToFileAsync();
        _cli.Time.Advance(TimeSpan.FromSeconds(301));

        var run = await _cli.RunAsync("verify", "-f", file, "--max-age", "300", "--json");

        Assert.Equal(ErrorCatalogue.SigTimestampOutOfRange, run.Json().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_WithinMaxAge_IsValid()
    {
        var file = await SignToFileAsync();
        _cli.Time.Advance(TimeSpan.FromSeconds(299));

        Assert.Equal(0, (await _cli.RunAsync("verify", "-f", file, "--max-age", "300")).ExitCode);
    }

    [Fact]
    public async Task Verify_ExpectedNamespaceDiffers_ExitsOne()
    {
        var file = await SignToFileAsync();

        var run = await _cli.RunAsync("verify", "-f", file, "--expect-namespace", "alice", "--json");

        Assert.Equal(ErrorCatalogue.SigExpectedNamespaceMismatch, run.Json().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_RequestOnStdin_IsValid()
    {
        var signed = await _cli.RunAsync("sign", "GET", "https://api.example.test/", "--json");
        _cli.StandardInput = Encoding.UTF8.GetBytes(signed.Stdout);

        Assert.Equal(0, (await _cli.RunAsync("verify", "-f", "-")).ExitCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"method\":\"GET\",\"headers\":{}}")]
    [InlineData("{\"method\":\"GET\",\"url\":\"https://x.test/\",\"headers\":[]}")]
    [InlineData("{\"method\":\"GET\",\"url\":\"https://x.test/\",\"headers\":{\"a\":1}}")]
    [InlineData("{\"method\":\"GET\",\"url\":\"relative\",\"headers\":{}}")]
    public async Task Verify_MalformedRequestFile_ExitsInvalidData(string contents)
    {
        var file = _cli.WriteFile("bad.json", contents);

        var run = await _cli.RunAsync("verify", "-f", file);

        Assert.Equal(ExitCodes.InvalidData, run.ExitCode);
        Assert.Single(run.Stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Verify_UnsignedRequestFile_ExitsOneWithMissingHeaders()
    {
        var file = _cli.WriteFile("unsigned.json", "{\"method\":\"GET\",\"url\":\"https://x.test/\",\"headers\":{}}");

        var run = await _cli.RunAsync("verify", "-f", file, "--json");

        Assert.Equal(ErrorCatalogue.SigMissingSignatureHeaders, run.Json().GetProperty("code").GetString());
    }

    [Fact]
    public async Task Verify_MissingFile_ExitsNotFound()
    {
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("verify", "-f", "nope.json")).ExitCode);
    }

    [Fact]
    public async Task Verify_NoRequestFileOption_ExitsWithUsageError()
    {
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("verify")).ExitCode);
    }
}
