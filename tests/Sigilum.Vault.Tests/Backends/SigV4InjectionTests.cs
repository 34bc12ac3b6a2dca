using System.Text;
using Sigilum.Backends;
using Sigilum.Vault.Http;
using Sigilum.Vault.Release;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Backends;

/// <summary>Unit checks of the aws-sts injection (docs/decisions/0014) that the end-to-end tests cannot isolate.</summary>
public sealed class SigV4InjectionTests
{
    private const string AgentAuthorization = "AWS4-HMAC-SHA256 Credential=AKIDPLACEHOLDER/20200101/eu-west-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=00";

    private static HttpHead Head(string text) => HttpHeadParser.Parse(text, isResponse: false);

    private static RouteConfig Route() => new("rt", "agt", "api.example.com", "/*", "aws", "REF", [], null, false, default);

    private static Credential Keys(string? sessionToken) =>
        new(Encoding.UTF8.GetBytes(sessionToken is null
            ? """{"AccessKeyId":"AKIALONGTERM","SecretAccessKey":"secret"}"""
            : $$"""{"AccessKeyId":"ASIATEMP","SecretAccessKey":"secret","SessionToken":"{{sessionToken}}"}"""));

    [Fact]
    public async Task Build_CredentialsWithoutSessionToken_AgentPlaceholderTokenStillStripped()
    {
        var head = Head($"GET /x HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: {AgentAuthorization}\r\nX-Amz-Security-Token: placeholder\r\nX-Amz-Date: 20200101T000000Z\r\n\r\n");
        using var credential = Keys(sessionToken: null);

        var signing = await SigV4Injection.SignAsync(head, "/x", "api.example.com", null, credential, "aws", TimeProvider.System, CancellationToken.None);
        using var built = UpstreamRequestHead.Build(head, "/x", "api.example.com", BodyFraming.None, Route(), credential.Value, signing.Headers);
        var text = Encoding.Latin1.GetString(built.Bytes.Span);

        Assert.True(signing.IsSuccess);
        Assert.DoesNotContain("placeholder", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIDPLACEHOLDER", text, StringComparison.Ordinal);
        Assert.DoesNotContain("20200101T000000Z", text, StringComparison.Ordinal);
        Assert.Contains("Authorization: AWS4-HMAC-SHA256 Credential=AKIALONGTERM/", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"secret\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_TemporaryCredentials_SessionTokenAddedAndNoTemplateApplied()
    {
        var head = Head($"GET /x HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: {AgentAuthorization}\r\n\r\n");
        using var credential = Keys("tok-123");

        var signing = await SigV4Injection.SignAsync(head, "/x", "api.example.com", null, credential, "aws", TimeProvider.System, CancellationToken.None);
        using var built = UpstreamRequestHead.Build(head, "/x", "api.example.com", BodyFraming.None, Route(), credential.Value, signing.Headers);
        var text = Encoding.Latin1.GetString(built.Bytes.Span);

        Assert.Contains("X-Amz-Security-Token: tok-123\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", text, StringComparison.Ordinal);
        Assert.DoesNotContain("SecretAccessKey", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignAsync_TargetUriWouldRewrite_RefusedAsUnsignable()
    {
        var head = Head($"GET /a/../b HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: {AgentAuthorization}\r\n\r\n");
        using var credential = Keys("tok");

        var signing = await SigV4Injection.SignAsync(head, "/a/../b", "api.example.com", null, credential, "aws", TimeProvider.System, CancellationToken.None);

        Assert.Equal((400, "REQUEST_URL_INVALID"), (signing.Status, signing.Code));
    }

    [Fact]
    public async Task SignAsync_NotStsJson_502Malformed()
    {
        var head = Head($"GET /x HTTP/1.1\r\nHost: api.example.com\r\nAuthorization: {AgentAuthorization}\r\n\r\n");
        using var credential = new Credential("plain-api-key"u8);

        var signing = await SigV4Injection.SignAsync(head, "/x", "api.example.com", null, credential, "aws", TimeProvider.System, CancellationToken.None);

        Assert.Equal((502, "BACKEND_MALFORMED_RESPONSE"), (signing.Status, signing.Code));
    }
}
