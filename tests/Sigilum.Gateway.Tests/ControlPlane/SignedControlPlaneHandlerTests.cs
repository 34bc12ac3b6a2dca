using Sigilum.Core.Usage.Reporting;
using System.Net;
using System.Text;
using Sigilum.Protocol.Digests;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.ControlPlane;

public sealed class SignedControlPlaneHandlerTests
{
    [Fact]
    public async Task SendAsync_SignsWithTheGatewayIdentityAndDigestsTheBody()
    {
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var inner = new StaticHandler(HttpStatusCode.OK, "{}");
        using var client = new HttpClient(new SignedControlPlaneHandler(identity, TimeProvider.System, inner));
        var body = "{\"a\":1}"u8.ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8787/v1/usage/events") { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation(SigilumHeaders.Namespace, "mallory");

        using var response = await client.SendAsync(request);

        var sent = Assert.Single(inner.Requests);
        Assert.Equal(body, inner.Bodies.Single());
        Assert.Equal("alice", sent.Headers.GetValues(SigilumHeaders.Namespace).Single());
        Assert.Equal("alice", sent.Headers.GetValues(SigilumHeaders.Subject).Single());
        Assert.Equal(identity.AgentKeyHeader, sent.Headers.GetValues(SigilumHeaders.AgentKey).Single());
        Assert.Equal(ContentDigest.Compute(body), sent.Headers.GetValues(SigilumHeaders.ContentDigest).Single());
        Assert.Contains("content-digest", sent.Headers.GetValues(SigilumHeaders.SignatureInput).Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_BufferedBody_SentAsItIsAndDigested()
    {
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var inner = new StaticHandler(HttpStatusCode.OK, "{}");
        using var client = new HttpClient(new SignedControlPlaneHandler(identity, TimeProvider.System, inner));
        var buffer = "xx{\"events\":[]}yy"u8.ToArray();
        var content = new BufferedBodyContent(buffer.AsMemory(2, buffer.Length - 4));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8787/v1/usage/events/batch") { Content = content };

        using var response = await client.SendAsync(request);

        var sent = Assert.Single(inner.Requests);
        Assert.Same(content, sent.Content);
        Assert.Equal("{\"events\":[]}"u8.ToArray(), inner.Bodies.Single());
        Assert.Equal(ContentDigest.Compute("{\"events\":[]}"u8.ToArray()), sent.Headers.GetValues(SigilumHeaders.ContentDigest).Single());
    }

    [Fact]
    public async Task SendAsync_BufferedBodyOverTheLimit_IsRefusedBeforeSending()
    {
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var inner = new StaticHandler(HttpStatusCode.OK, "{}");
        using var client = new HttpClient(new SignedControlPlaneHandler(identity, TimeProvider.System, inner));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8787/v1/usage/events/batch")
        {
            Content = new BufferedBodyContent(new byte[SignedControlPlaneHandler.MaxBodyBytes + 1]),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(request));
        Assert.Empty(inner.Requests);
    }

    [Fact]
    public async Task SendAsync_SubjectOption_SignsAsTheAgentsSubject()
    {
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var inner = new StaticHandler(HttpStatusCode.OK, "{}");
        using var client = new HttpClient(new SignedControlPlaneHandler(identity, TimeProvider.System, inner));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:8787/v1/stream");
        request.Options.Set(SignedControlPlaneHandler.SubjectOption, "bob@example.com");

        using var response = await client.SendAsync(request);

        var sent = Assert.Single(inner.Requests);
        Assert.Equal("bob@example.com", sent.Headers.GetValues(SigilumHeaders.Subject).Single());
        Assert.False(sent.Headers.Contains(SigilumHeaders.ContentDigest));
    }

    [Fact]
    public async Task SendAsync_BodyOverTheLimit_IsRefusedBeforeSending()
    {
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        using var inner = new StaticHandler(HttpStatusCode.OK, "{}");
        using var client = new HttpClient(new SignedControlPlaneHandler(identity, TimeProvider.System, inner));
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:8787/v1/claims")
        {
            Content = new StringContent(new string('a', SignedControlPlaneHandler.MaxBodyBytes + 1), Encoding.UTF8),
        };

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SendAsync(request));
        Assert.Empty(inner.Requests);
    }
}
