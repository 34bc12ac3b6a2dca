using System.Text;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Sdk.Signing;

public sealed class SigilumSigningHandlerTests : IDisposable
{
    private const long Now = 1_700_000_000;

    private readonly FakeTimeProvider _time = new(Now);
    private readonly CapturingHandler _wire = new();
    private readonly SigningIdentity _identity;

    public SigilumSigningHandlerTests()
    {
        _identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", _time));
    }

    public void Dispose() => _identity.Dispose();

    private HttpClient Client(SigilumSigningOptions? options = null) =>
        new(new SigilumSigningHandler(_identity, options ?? new SigilumSigningOptions { TimeProvider = _time }, _wire));

    private VerificationResult Verify(CapturedRequest captured) => RequestVerifier.Verify(
        new VerifyRequest { Method = captured.Method, TargetUri = captured.TargetUri, Headers = captured.Headers, Body = captured.Body },
        new VerifyOptions { Time = _time, MaxAge = TimeSpan.FromSeconds(60) });

    [Fact]
    public async Task SendAsync_GetWithoutBody_IsValidWithoutContentDigest()
    {
        using var client = Client();

        await client.GetAsync(new Uri("https://api.example.test/v1/things?limit=5"));

        var result = Verify(_wire.Last);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal("alice", result.Namespace);
        Assert.Equal("alice", result.Subject);
        Assert.Equal(_identity.KeyId, result.KeyId);
        Assert.Equal(Now, result.Created);
        Assert.Null(_wire.Last.Header("content-digest"));
    }

    [Fact]
    public async Task SendAsync_PostWithJson_IsValidWithDigestAndUnchangedBody()
    {
        using var client = Client();
        using var content = new StringContent("{\"action\":\"approve\"}", Encoding.UTF8, "application/json");

        await client.PostAsync(new Uri("https://api.example.test/v1/claims"), content);

        Assert.True(Verify(_wire.Last).IsValid, Verify(_wire.Last).Reason);
        Assert.Equal("sha-256=:5toCTO6LRikiTvJ0Ha+F6ucUxaTs3wMsnaImDBR0NZg=:", _wire.Last.Header("content-digest"));
        Assert.Equal("{\"action\":\"approve\"}", Encoding.UTF8.GetString(_wire.Last.Body));
        Assert.Equal("application/json; charset=utf-8", _wire.Last.ContentType);
    }

    [Fact]
    public async Task SendAsync_StreamContentWithoutLength_IsBufferedAndValid()
    {
        using var client = Client();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("streamed body")));

        await client.PutAsync(new Uri("https://api.example.test/v1/blob"), content);

        Assert.True(Verify(_wire.Last).IsValid);
        Assert.Equal("streamed body", Encoding.UTF8.GetString(_wire.Last.Body));
    }

    [Fact]
    public async Task SendAsync_EmptyContent_IsSignedWithoutContentDigest()
    {
        using var client = Client();
        using var content = new ByteArrayContent([]);

        await client.PostAsync(new Uri("https://api.example.test/v1/ping"), content);

        Assert.True(Verify(_wire.Last).IsValid);
        Assert.Null(_wire.Last.Header("content-digest"));
    }

    [Fact]
    public async Task SendAsync_BodyOverLimit_ThrowsBeforeSending()
    {
        using var client = Client(new SigilumSigningOptions { TimeProvider = _time, MaxBodyBytes = 10 });
        using var content = new StreamContent(new MemoryStream(new byte[11]));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsync(new Uri("https://api.example.test/x"), content));

        Assert.Contains("MaxBodyBytes", ex.Message, StringComparison.Ordinal);
        Assert.Empty(_wire.Requests);
    }

    [Fact]
    public async Task SendAsync_DeclaredLengthOverLimit_ThrowsWithoutReading()
    {
        using var client = Client(new SigilumSigningOptions { TimeProvider = _time, MaxBodyBytes = 10 });
        using var content = new ByteArrayContent(new byte[64]);

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.PostAsync(new Uri("https://api.example.test/x"), content));

        Assert.Empty(_wire.Requests);
    }

    [Fact]
    public async Task SendAsync_BodyAtLimit_IsSent()
    {
        using var client = Client(new SigilumSigningOptions { TimeProvider = _time, MaxBodyBytes = 10 });
        using var content = new ByteArrayContent(new byte[10]);

        await client.PostAsync(new Uri("https://api.example.test/x"), content);

        Assert.True(Verify(_wire.Last).IsValid);
    }

    [Fact]
    public async Task SendAsync_ForgedSigilumHeadersPresent_AreReplaced()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.test/x");
        request.Headers.TryAddWithoutValidation("sigilum-namespace", "mallory");
        request.Headers.TryAddWithoutValidation("signature", "sig1=:AAAA:");
        request.Headers.TryAddWithoutValidation("content-digest", "sha-256=:AAAA:");

        await client.SendAsync(request);

        Assert.True(Verify(_wire.Last).IsValid, Verify(_wire.Last).Reason);
        Assert.Single(_wire.Last.Headers, h => h.Key == "sigilum-namespace");
        Assert.Equal("alice", _wire.Last.Header("sigilum-namespace"));
        Assert.Null(_wire.Last.Header("content-digest"));
    }

    [Fact]
    public async Task SendAsync_SubjectHeaderPresent_IsKeptAndSigned()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.test/x");
        request.Headers.Add("sigilum-subject", "user-42");

        await client.SendAsync(request);

        Assert.Equal("user-42", Verify(_wire.Last).Subject);
    }

    [Fact]
    public async Task SendAsync_SubjectOptionAndHeader_OptionWins()
    {
        using var client = Client(new SigilumSigningOptions { TimeProvider = _time, Subject = "scheduler" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.example.test/x");
        request.Headers.Add("sigilum-subject", "user-42");

        await client.SendAsync(request);

        Assert.Equal("scheduler", Verify(_wire.Last).Subject);
    }

    [Fact]
    public async Task SendAsync_ExplicitPortQueryAndFragment_CoversWhatIsSent()
    {
        using var client = Client();

        await client.DeleteAsync(new Uri("http://127.0.0.1:38100/proxy/svc/items?q=a%20b&x=1#frag"));

        Assert.Equal("http://127.0.0.1:38100/proxy/svc/items?q=a%20b&x=1", _wire.Last.TargetUri);
        Assert.True(Verify(_wire.Last).IsValid, Verify(_wire.Last).Reason);
    }

    [Fact]
    public async Task SendAsync_UpperCaseHostAndDefaultPort_IsValid()
    {
        using var client = Client();

        await client.GetAsync(new Uri("HTTPS://API.Example.TEST:443/Path"));

        Assert.True(Verify(_wire.Last).IsValid, Verify(_wire.Last).Reason);
    }

    [Fact]
    public async Task SendAsync_Ipv6LiteralWithPort_IsValid()
    {
        using var client = Client();

        await client.GetAsync(new Uri("http://[::1]:38100/v1/x"));

        Assert.Equal("http://[::1]:38100/v1/x", _wire.Last.TargetUri);
        Assert.True(Verify(_wire.Last).IsValid, Verify(_wire.Last).Reason);
    }

    [Fact]
    public async Task SendAsync_ExplicitHostHeader_IsWhatGetsCovered()
    {
        using var client = Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:38100/proxy/x?y=1");
        request.Headers.Host = "gateway.internal:38100";

        await client.SendAsync(request);

        Assert.Equal("http://gateway.internal:38100/proxy/x?y=1", _wire.Last.TargetUri);
        Assert.True(Verify(_wire.Last).IsValid, Verify(_wire.Last).Reason);
    }

    [Fact]
    public async Task SendAsync_TwoSends_UseDistinctNonces()
    {
        using var client = Client();

        await client.GetAsync(new Uri("https://api.example.test/x"));
        await client.GetAsync(new Uri("https://api.example.test/x"));

        Assert.NotEqual(Verify(_wire.Requests[0]).Nonce, Verify(_wire.Requests[1]).Nonce);
    }

    [Fact]
    public async Task SendAsync_TamperedBodyOnTheWire_FailsVerification()
    {
        using var client = Client();
        using var content = new StringContent("{\"amount\":1}");

        await client.PostAsync(new Uri("https://api.example.test/pay"), content);
        var tampered = _wire.Last with { Body = Encoding.UTF8.GetBytes("{\"amount\":9}") };

        Assert.Equal(ErrorCatalogue.SigContentDigestMismatch, Verify(tampered).Code);
    }

    [Fact]
    public async Task SendAsync_RelativeUri_Throws()
    {
        using var invoker = new HttpMessageInvoker(new SigilumSigningHandler(_identity, null, _wire));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/relative", UriKind.Relative));

        await Assert.ThrowsAsync<InvalidOperationException>(() => invoker.SendAsync(request, CancellationToken.None));
    }
}
