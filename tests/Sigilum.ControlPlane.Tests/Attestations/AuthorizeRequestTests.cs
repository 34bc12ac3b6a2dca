using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>Requests <c>/v1/authorize</c> refuses before deciding: each case breaks exactly one rule.</summary>
public sealed class AuthorizeRequestTests : IAsyncLifetime
{
    private AttestationFixture _cp = null!;

    public async Task InitializeAsync()
    {
        _cp = await AttestationFixture.StartAsync();
        var token = await _cp.RegisterOwnerAsync("alice");
        await _cp.CreateServiceAsync(token, "alice", "openai", "api.openai.com");
    }

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    public static TheoryData<string, string> Malformed => new()
    {
        { "missing intent", """{"agentId":"a"}""" },
        { "intent not an object", """{"intent":"GET https://api.openai.com/"}""" },
        { "action not http", """{"intent":{"action":"wallet.transfer","method":"GET","url":"https://api.openai.com/"}}""" },
        { "action missing", """{"intent":{"method":"GET","url":"https://api.openai.com/"}}""" },
        { "method missing", """{"intent":{"action":"http","url":"https://api.openai.com/"}}""" },
        { "method not a token", """{"intent":{"action":"http","method":"GET /","url":"https://api.openai.com/"}}""" },
        { "url missing", """{"intent":{"action":"http","method":"GET"}}""" },
        { "url relative", """{"intent":{"action":"http","method":"GET","url":"/v1/models"}}""" },
        { "url not http(s)", """{"intent":{"action":"http","method":"GET","url":"ftp://api.openai.com/"}}""" },
        { "url with user info", """{"intent":{"action":"http","method":"GET","url":"https://api.openai.com@evil.example/"}}""" },
        { "url a number", """{"intent":{"action":"http","method":"GET","url":42}}""" },
        { "url oversized", """{"intent":{"action":"http","method":"GET","url":"https://api.openai.com/""" + new string('a', 8200) + "\"}}" },
        { "unknown intent member", """{"intent":{"action":"http","method":"GET","url":"https://api.openai.com/","amount":"1"}}""" },
        { "repeated intent member", """{"intent":{"action":"http","method":"GET","url":"https://api.openai.com/","url":"https://evil.example/"}}""" },
        { "unknown top-level member", """{"chainId":1,"intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""" },
        { "agentId oversized", "{\"agentId\":\"" + new string('a', 257) + "\",\"intent\":{\"action\":\"http\",\"method\":\"GET\",\"url\":\"https://api.openai.com/\"}}" },
        { "agentId not a string", """{"agentId":7,"intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""" },
        { "context a number", """{"context":7,"intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""" },
        { "txCommit of another intent", """{"txCommit":"0000000000000000000000000000000000000000000000000000000000000000","intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""" },
        { "body an array", """[{"intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}]""" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Authorize_MalformedBody_Returns400ValidationError(string rule, string json)
    {
        var response = await PostRawAsync(json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, rule);
        Assert.Equal("VALIDATION_ERROR", await CodeAsync(response));
    }

    [Fact]
    public async Task Authorize_WellFormedBodyWithMatchingTxCommit_IsDecided()
    {
        var txCommit = HttpIntent.Create("GET", "https://api.openai.com/").Value!.Commitment.TxCommit;

        var response = await PostRawAsync($$$"""{"txCommit":"{{{txCommit}}}","context":"why","intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""");

        Assert.Equal("HOLD", (await AttestationFixture.JsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Authorize_BodyNotJson_Returns400InvalidJson()
    {
        var response = await PostRawAsync("{\"intent\":");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("INVALID_JSON", await CodeAsync(response));
    }

    [Fact]
    public async Task Authorize_BodyOver100KiB_Returns413()
    {
        var padding = new string('x', AuthorizeRequestParser.MaxBodyBytes);
        var response = await PostRawAsync($$$"""{"context":"{{{padding}}}","intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_BODY_TOO_LARGE", await CodeAsync(response));
    }

    [Fact]
    public async Task Authorize_Unsigned_Returns401()
    {
        var response = await _cp.PlainClient().PostAsJsonAsync("v1/authorize", new { intent = new { action = "http", method = "GET", url = "https://api.openai.com/" } });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGNATURE_MISSING", await CodeAsync(response));
        Assert.False(response.Headers.Contains("X-SOF-Version"));
    }

    [Fact]
    public async Task Authorize_ReplayedSignedRequest_Returns409()
    {
        var agent = _cp.NewIdentity("alice");
        var body = Encoding.UTF8.GetBytes("""{"intent":{"action":"http","method":"GET","url":"https://api.openai.com/"}}""");
        var signed = RequestSigner.Sign(agent, new SignRequest { Method = "POST", Url = _cp.BaseUri + "v1/authorize", Body = body }, _cp.Time);
        var client = _cp.PlainClient();

        var first = await client.SendAsync(Build(signed, body));
        var replay = await client.SendAsync(Build(signed, body));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("SIGNATURE_NONCE_REPLAY", await CodeAsync(replay));
    }

    private static HttpRequestMessage Build(SignedRequest signed, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, signed.TargetUri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        foreach (var (name, value) in signed.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    private async Task<HttpResponseMessage> PostRawAsync(string json) =>
        await _cp.SignedClient(_cp.NewIdentity("alice")).PostAsync("v1/authorize", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<string?> CodeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
    }
}
