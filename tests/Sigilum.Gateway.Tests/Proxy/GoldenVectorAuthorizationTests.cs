using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sigilum.Core.Nonces;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Hosting;
using Sigilum.Gateway.Proxy;
using Sigilum.Testing;

namespace Sigilum.Gateway.Tests.Proxy;

/// <summary>
/// Requests signed by the Sigilum reference SDK (the golden vectors in testdata/conformance) pass the gateway's
/// authorisation unchanged: same verifier path, exact headers, body and URL as the SDK produced them.
/// </summary>
public sealed class GoldenVectorAuthorizationTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var vector in Vectors())
        {
            data.Add(vector.GetProperty("name").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task AuthorizeAsync_GoldenVector_Approved(string name)
    {
        var vector = Vectors().Single(v => v.GetProperty("name").GetString() == name);
        var created = Fixed().GetProperty("created").GetInt64();
        var time = new FakeTimeProvider(created + 5);
        var url = new Uri(vector.GetProperty("url").GetString()!);
        var method = vector.GetProperty("method").GetString()!;
        var body = vector.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(b.GetString()!) : [];
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Scheme = url.Scheme;
        context.Request.Host = new HostString(url.Authority);
        // What reaches a server: the fragment is never sent.
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = url.PathAndQuery;
        foreach (var header in vector.GetProperty("headers").EnumerateObject())
        {
            context.Request.Headers.Append(header.Name, header.Value.GetString());
        }
        var authorizer = new ProxyAuthorizer(new Sigilum.Core.Replay.SharedReplayGuard(new AcceptAll()), new ApproveAll(), time, new GatewayOptions { DataDirectory = "/unused" });

        var outcome = await authorizer.AuthorizeAsync(context, "svc", body);

        Assert.True(outcome.IsApproved, $"{name}: {outcome.Stage} {outcome.Error?.Code} {outcome.Error?.Message}");
    }

    private static JsonElement Fixed()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.Path("conformance", "sigilum-golden-signatures.json")));
        return document.RootElement.GetProperty("fixed").Clone();
    }

    private static IEnumerable<JsonElement> Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(TestData.Path("conformance", "sigilum-golden-signatures.json")));
        return [.. document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Clone())];
    }

    private sealed class AcceptAll : INonceStore
    {
        public Task<NonceRecordResult> TryRecordAsync(string scope, string nonce, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
            Task.FromResult(NonceRecordResult.Recorded);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default) => Task.FromResult(0);
    }

    private sealed class ApproveAll : IApprovalSource
    {
        public ApprovalDecision Decide(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => ApprovalDecision.Approved;

        public ApprovedClaim? Covering(string ns, string publicKey, string service, string? subject, DateTimeOffset now) => null; // This fake models decisions, not claims.
    }
}
